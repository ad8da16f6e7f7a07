package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.ShardedKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Hands samples on in bundles of about {@code size}, whatever bundles they came in.
 *
 * <p>After a grouping (the recipes' md5 dedupe, the booru source's) the DirectRunner makes one
 * bundle per key, so the tagger saw one image per bundle: batches of one, with nothing decoding
 * while the model ran. Gathered, it gets full batches and overlaps them again. The one key is
 * sharded per worker ({@link GroupIntoBatches#withShardedKey()}), so a cluster still tags on all
 * its workers.
 */
final class GatherBundles extends PTransform<PCollection<Sample>, PCollection<Sample>> {

  private final int size;

  GatherBundles(int size) {
    this.size = size;
  }

  @Override
  public PCollection<Sample> expand(PCollection<Sample> samples) {
    return samples
        .apply("One key", WithKeys.<Integer, Sample>of(0))
        .setCoder(KvCoder.of(VarIntCoder.of(), SampleCoder.of()))
        .apply("Gather", GroupIntoBatches.<Integer, Sample>ofSize(size).withShardedKey())
        .apply("Hand on", ParDo.of(new HandOnFn()))
        .setCoder(SampleCoder.of());
  }

  private static final class HandOnFn
      extends DoFn<KV<ShardedKey<Integer>, Iterable<Sample>>, Sample> {
    @ProcessElement
    public void process(
        @Element KV<ShardedKey<Integer>, Iterable<Sample>> batch, OutputReceiver<Sample> out) {
      batch.getValue().forEach(out::output);
    }
  }
}
