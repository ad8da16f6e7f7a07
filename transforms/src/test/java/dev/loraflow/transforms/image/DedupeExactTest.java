package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class DedupeExactTest {

  private static Sample withMd5(String id, String md5) {
    return Sample.builder()
        .setId(id)
        .setSource("t")
        .setUri("/" + id)
        .setName(id)
        .setBytes(new byte[] {1})
        .setMd5(md5)
        .build();
  }

  @Test
  void givenSameHashTwice_keepsSmallestIdAndRejectsTheOther() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects result =
        pipeline
            .apply(
                Create.of(
                    withMd5("b", "aa"), withMd5("a", "aa"), withMd5("c", "bb"), withMd5("d", "aa")))
            .apply(DedupeExact.create());
    PAssert.that(
            result.samples().apply(MapElements.into(TypeDescriptors.strings()).via(Sample::id)))
        .containsInAnyOrder("a", "c");
    PAssert.that(result.rejects())
        .satisfies(
            rejects -> {
              assertThat(rejects)
                  .extracting(Reject::id, Reject::stage)
                  .containsExactlyInAnyOrder(
                      org.assertj.core.groups.Tuple.tuple("b", "dedupe"),
                      org.assertj.core.groups.Tuple.tuple("d", "dedupe"));
              assertThat(rejects)
                  .allSatisfy(r -> assertThat(r.reason()).contains("exact duplicate of a"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
