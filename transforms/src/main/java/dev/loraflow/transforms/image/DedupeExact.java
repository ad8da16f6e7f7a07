package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one sample per content hash (MD5 of the bytes kept, so the same file from two folders or
 * two boorus is one image). The survivor is the sample with the smallest id, whatever order the
 * runner delivers them in; the others are rejected naming it.
 *
 * <p>Runs after {@link DecodeImages}, which computes the hash.
 */
public final class DedupeExact extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** Stage name in rejects. */
  public static final String STAGE = "dedupe";

  private DedupeExact() {}

  public static DedupeExact create() {
    return new DedupeExact();
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    PCollection<KV<String, Iterable<Sample>>> byHash =
        samples
            .apply("Key by MD5", WithKeys.of(Sample::md5).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SampleCoder.of()))
            .apply("Group by MD5", GroupByKey.create());
    return SamplesAndRejects.apply(byHash, "Keep first by id", new KeepFirstFn());
  }

  private static final class KeepFirstFn extends DoFn<KV<String, Iterable<Sample>>, Sample> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, Iterable<Sample>> group, MultiOutputReceiver out) {
      List<Sample> same = new ArrayList<>();
      group.getValue().forEach(same::add);
      same.sort(Comparator.comparing(Sample::id));
      Sample survivor = same.get(0);
      out.get(SamplesAndRejects.SAMPLES).output(survivor);
      for (Sample duplicate : same.subList(1, same.size())) {
        out.get(SamplesAndRejects.REJECTS)
            .output(
                Reject.of(
                    duplicate,
                    STAGE,
                    "exact duplicate of " + survivor.id() + " (md5 " + group.getKey() + ")"));
      }
    }
  }
}
