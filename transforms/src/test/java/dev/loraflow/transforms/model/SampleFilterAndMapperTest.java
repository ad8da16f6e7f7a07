package dev.loraflow.transforms.model;

import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class SampleFilterAndMapperTest {

  private static Sample sample(String name, int width) {
    return Sample.builder()
        .setId("folder:" + name)
        .setSource("folder")
        .setUri("/in/" + name + ".png")
        .setName(name)
        .setBytes(new byte[] {1})
        .setWidth(width)
        .setHeight(100)
        .build();
  }

  @Test
  void aFilterKeepsWhatItHasNoReasonAgainstAndRejectsTheRestAsItsStage() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects result =
        pipeline
            .apply(Create.of(sample("wide", 900), sample("square", 100)))
            .apply(
                SampleFilter.of(
                    "width",
                    sample ->
                        sample.width() > 500
                            ? Optional.of(sample.width() + " px wide")
                            : Optional.empty()));

    PAssert.that(ids(result.samples())).containsInAnyOrder("folder:square");
    PAssert.that(lines(result.rejects())).containsInAnyOrder("folder:wide width 900 px wide");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aMapperEmitsWhatItMakesAndRejectsWhatItRefuses() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects result =
        pipeline
            .apply(Create.of(sample("wide", 900), sample("square", 100)))
            .apply(
                SampleMapper.of(
                    "halve",
                    "Halve widths",
                    sample -> {
                      if (sample.width() < 200) {
                        throw new SampleRejectedException("too narrow to halve");
                      }
                      return sample.toBuilder().setWidth(sample.width() / 2).build();
                    }));

    PAssert.that(
            result
                .samples()
                .apply(
                    MapElements.into(TypeDescriptors.strings()).via(s -> s.id() + " " + s.width())))
        .containsInAnyOrder("folder:wide 450");
    PAssert.that(lines(result.rejects()))
        .containsInAnyOrder("folder:square halve too narrow to halve");
    pipeline.run().waitUntilFinish();
  }

  private static PCollection<String> ids(PCollection<Sample> samples) {
    return samples.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
  }

  private static PCollection<String> lines(PCollection<Reject> rejects) {
    return rejects.apply(
        "Lines",
        MapElements.into(TypeDescriptors.strings())
            .via(r -> r.id() + " " + r.stage() + " " + r.reason()));
  }
}
