package dev.loraflow.transforms.image;

import static dev.loraflow.transforms.Drawings.cropped;
import static dev.loraflow.transforms.Drawings.drawing;
import static dev.loraflow.transforms.Drawings.jpeg;
import static dev.loraflow.transforms.Drawings.png;
import static dev.loraflow.transforms.Drawings.recoloured;
import static dev.loraflow.transforms.Drawings.resized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sample file(String fileName, byte[] bytes) {
    return Sample.builder()
        .setId("folder:" + fileName)
        .setSource("folder")
        .setUri("/in/" + fileName)
        .setName(fileName)
        .setBytes(bytes)
        .build();
  }

  /** Decodes {@code files} as a recipe does, then drops the copies. */
  private static SamplesAndRejects run(
      Pipeline pipeline, NearDuplicates stage, List<Sample> files) {
    return pipeline
        .apply(Create.of(files).withCoder(SampleCoder.of()))
        .apply(DecodeImages.create())
        .then("Near-duplicates", stage);
  }

  private static PAssertIds kept(SamplesAndRejects result) {
    return new PAssertIds(result);
  }

  private record PAssertIds(SamplesAndRejects result) {
    void are(String... ids) {
      PAssert.that(
              result
                  .samples()
                  .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Sample::id)))
          .containsInAnyOrder(ids);
    }
  }

  @Test
  void keepsTheBestCopyOfEachPicture_andRejectsTheOthersNamingIt() {
    BufferedImage first = drawing(11, 640, 480);
    BufferedImage second = drawing(12, 640, 480);
    List<Sample> files =
        List.of(
            file("a_small.png", png(resized(first, 320, 240))),
            file("b_full.jpg", jpeg(first, 0.8f)),
            file("c_full.png", png(first)),
            file("d_cropped.png", png(cropped(first, 0.05, 0, 0, 0))),
            file("e_recoloured.png", png(recoloured(first, 0.02f, 0.9f))),
            file("f_other.png", png(second)),
            file("g_other.jpg", jpeg(second, 0.6f)),
            file("h_alone.png", png(drawing(13, 640, 480))));
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    SamplesAndRejects result = run(pipeline, NearDuplicates.create(), files);

    // The full-size lossless file wins over its JPEG of the same size, and over smaller copies.
    kept(result).are("folder:c_full.png", "folder:f_other.png", "folder:h_alone.png");
    PAssert.that(result.rejects())
        .satisfies(
            rejects -> {
              Map<String, String> reasons =
                  collect(rejects).stream().collect(Collectors.toMap(Reject::id, Reject::reason));
              assertThat(reasons)
                  .containsOnlyKeys(
                      "folder:a_small.png",
                      "folder:b_full.jpg",
                      "folder:d_cropped.png",
                      "folder:e_recoloured.png",
                      "folder:g_other.jpg");
              assertThat(reasons.get("folder:b_full.jpg"))
                  .startsWith("near-duplicate of folder:c_full.png (c_full.png)")
                  .contains("bits apart, at most 22");
              assertThat(reasons.get("folder:g_other.jpg"))
                  .startsWith("near-duplicate of folder:f_other.png");
              assertThat(collect(rejects))
                  .allSatisfy(r -> assertThat(r.stage()).isEqualTo(NearDuplicates.STAGE));
              return null;
            });
    PAssert.that(result.notes("Notes"))
        .satisfies(
            notes -> {
              List<ReportNote> all = collect(notes);
              assertThat(all)
                  .extracting(ReportNote::section, ReportNote::key)
                  .containsExactlyInAnyOrder(
                      org.assertj.core.groups.Tuple.tuple("nearDuplicates", "folder:c_full.png"),
                      org.assertj.core.groups.Tuple.tuple("nearDuplicates", "folder:f_other.png"));
              JsonNode group =
                  read(
                      all.stream()
                          .filter(n -> n.key().equals("folder:c_full.png"))
                          .findFirst()
                          .get());
              assertThat(group.path("pixels").asLong()).isEqualTo(640 * 480);
              List<String> dropped = new ArrayList<>();
              group.path("dropped").forEach(d -> dropped.add(d.path("name").asText()));
              assertThat(dropped)
                  .containsExactlyInAnyOrder(
                      "a_small.png", "b_full.jpg", "d_cropped.png", "e_recoloured.png");
              group
                  .path("dropped")
                  .forEach(d -> assertThat(d.path("distance").asInt()).isBetween(0, 22));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aSmallerThresholdKeepsLooserCopies() {
    BufferedImage picture = drawing(21, 480, 360);
    List<Sample> files =
        List.of(file("a.png", png(picture)), file("b.png", png(recoloured(picture, 0.03f, 0.8f))));
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    SamplesAndRejects strict = run(pipeline, NearDuplicates.create().withMaxDistance(0), files);

    kept(strict).are("folder:a.png", "folder:b.png");
    PAssert.that(strict.rejects()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anEmptyDatasetHasNoGroups() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    SamplesAndRejects result = run(pipeline, NearDuplicates.create(), List.of());

    PAssert.that(result.samples()).empty();
    PAssert.that(result.rejects()).empty();
    PAssert.that(result.notes("Notes")).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aSingleImageIsKept() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    SamplesAndRejects result =
        run(
            pipeline,
            NearDuplicates.create(),
            List.of(file("only.png", png(drawing(5, 320, 240)))));

    kept(result).are("folder:only.png");
    PAssert.that(result.notes("Notes")).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesAThresholdOutsideTheHashesBits() {
    assertThatThrownBy(() -> NearDuplicates.create().withMaxDistance(-1))
        .hasMessageContaining("withMaxDistance")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> NearDuplicates.create().withMaxDistance(190))
        .hasMessageContaining("0 to 189");
  }

  private static <T> List<T> collect(Iterable<T> items) {
    List<T> all = new ArrayList<>();
    items.forEach(all::add);
    return all;
  }

  private static JsonNode read(ReportNote note) {
    try {
      return JSON.readTree(note.json());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
