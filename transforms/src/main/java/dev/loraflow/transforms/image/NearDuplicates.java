package dev.loraflow.transforms.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one copy of each picture that the dataset holds several times in different files:
 * re-encoded, resized, cropped by a few percent or recoloured, as the same drawing comes from
 * several boorus or re-uploads. Two images whose {@link PerceptualHash} is at most {@link
 * #withMaxDistance} bits apart are copies; of each group the one with the most pixels is kept (then
 * a lossless file, then the larger file), and the others are rejected naming it. Identical files
 * are {@link DedupeExact}'s, which runs first.
 *
 * <p>Every group is a note in {@code tags-report.json}'s {@value #SECTION}: the image kept and each
 * copy dropped with its distance. The hashes of the whole dataset meet in one place to be compared
 * (a few hundred bytes an image), so a dataset of many thousands of images is compared on one
 * worker.
 *
 * <pre>{@code
 * SamplesAndRejects unique = decoded.then("Near-duplicates", NearDuplicates.create());
 * }</pre>
 */
public final class NearDuplicates extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stage name in rejects. */
  public static final String STAGE = "near-duplicate";

  /** The report section of the groups. */
  public static final String SECTION = "nearDuplicates";

  /**
   * The default most bits (of {@value PerceptualHash#MAX_DISTANCE}) two copies may differ by: a
   * JPEG re-encode or a resize differs by a few bits, a 5% crop or a colour adjustment by up to 12
   * or so; different pictures, even of one character in one outfit, by far more.
   */
  public static final int DEFAULT_MAX_DISTANCE = 22;

  private final int maxDistance;

  private NearDuplicates(int maxDistance) {
    this.maxDistance = maxDistance;
  }

  public static NearDuplicates create() {
    return new NearDuplicates(DEFAULT_MAX_DISTANCE);
  }

  /**
   * Images at most {@code bits} apart are copies (0 to {@value PerceptualHash#MAX_DISTANCE}; 0
   * takes only pictures whose hashes agree exactly).
   */
  public NearDuplicates withMaxDistance(int bits) {
    if (bits < 0 || bits > PerceptualHash.MAX_DISTANCE) {
      throw new IllegalArgumentException(
          "NearDuplicates.withMaxDistance: bits must be 0 to "
              + PerceptualHash.MAX_DISTANCE
              + ", got "
              + bits);
    }
    return new NearDuplicates(bits);
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    int bits = maxDistance;
    PCollection<LookAlikes.Group> groups =
        samples
            .apply(
                "Hash images",
                MapElements.into(TypeDescriptor.of(LookAlike.class))
                    .via(sample -> LookAlike.of(sample, PixelBudget.SHARED)))
            .setCoder(SerializableCoder.of(LookAlike.class))
            .apply("Gather hashes", WithKeys.of(""))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(LookAlike.class)))
            .apply("All together", GroupByKey.create())
            .apply(
                "Group copies",
                FlatMapElements.into(TypeDescriptor.of(LookAlikes.Group.class))
                    .via(all -> LookAlikes.within(bits, list(all.getValue()))))
            .setCoder(SerializableCoder.of(LookAlikes.Group.class));
    PCollectionView<Map<String, String>> dropped =
        groups
            .apply(
                "Copies dropped",
                FlatMapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(group -> reasons(group, bits)))
            .apply("As side input", View.asMap());
    PCollection<ReportNote> notes =
        groups.apply(
            "Report",
            MapElements.into(TypeDescriptor.of(ReportNote.class)).via(g -> note(g, bits)));
    PCollectionTuple kept =
        samples.apply(
            "Drop copies",
            ParDo.of(new DropCopiesFn(dropped))
                .withSideInputs(dropped)
                .withOutputTags(
                    SamplesAndRejects.SAMPLES, TupleTagList.of(SamplesAndRejects.REJECTS)));
    return SamplesAndRejects.of(
            kept.get(SamplesAndRejects.SAMPLES).setCoder(SampleCoder.of()),
            kept.get(SamplesAndRejects.REJECTS).setCoder(RejectCoder.of()))
        .withNotes(notes);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("maxDistance", maxDistance));
  }

  private static List<LookAlike> list(Iterable<LookAlike> images) {
    List<LookAlike> all = new ArrayList<>();
    images.forEach(all::add);
    return all;
  }

  private static List<KV<String, String>> reasons(LookAlikes.Group group, int maxDistance) {
    LookAlike kept = group.kept();
    List<KV<String, String>> reasons = new ArrayList<>();
    for (LookAlikes.Copy copy : group.dropped()) {
      reasons.add(
          KV.of(
              copy.image().id(),
              String.format(
                  "near-duplicate of %s (%s): perceptual hashes %d bits apart, at most %d"
                      + " counts as the same picture; %s is kept as the better copy",
                  kept.id(), kept.name(), copy.distance(), maxDistance, kept.name())));
    }
    return reasons;
  }

  private static ReportNote note(LookAlikes.Group group, int maxDistance) {
    LookAlike kept = group.kept();
    ObjectNode json =
        JSON.createObjectNode()
            .put("kept", kept.id())
            .put("name", kept.name())
            .put("pixels", kept.pixels())
            .put("maxDistance", maxDistance);
    ArrayNode copies = json.putArray("dropped");
    for (LookAlikes.Copy copy : group.dropped()) {
      copies
          .addObject()
          .put("id", copy.image().id())
          .put("name", copy.image().name())
          .put("pixels", copy.image().pixels())
          .put("distance", copy.distance());
    }
    try {
      return new ReportNote(SECTION, kept.id(), JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Passes the samples no group dropped; rejects the others with their reason. */
  private static final class DropCopiesFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;

    private final PCollectionView<Map<String, String>> dropped;

    DropCopiesFn(PCollectionView<Map<String, String>> dropped) {
      this.dropped = dropped;
    }

    @ProcessElement
    public void process(@Element Sample sample, ProcessContext context) {
      String reason = context.sideInput(dropped).get(sample.id());
      if (reason == null) {
        context.output(SamplesAndRejects.SAMPLES, sample);
      } else {
        context.output(SamplesAndRejects.REJECTS, Reject.of(sample, STAGE, reason));
      }
    }
  }
}
