package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.knowledge.Implications;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class DropImpliedTagsTest {

  static Sample sample(String id, String... caption) {
    return Sample.builder()
        .setId(id)
        .setSource("test")
        .setUri("/" + id)
        .setName(id)
        .setBytes(new byte[] {1})
        .setCaption(List.of(caption))
        .build();
  }

  @Test
  void givenDanbooruChains_dropsImpliedTagsAndReportsEachWithItsImages() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects out =
        pipeline
            .apply(
                Create.of(
                    sample("a", "1girl", "long hair", "very long hair", "red bow", "bow"),
                    sample("b", "absurdly long hair", "long hair", "smile"),
                    sample("c", "long hair", "smile")))
            .apply(DropImpliedTags.using(ImpliedTagsTest.DANBOORU));

    PAssert.that(
            out.samples()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(s -> s.id() + ": " + String.join(", ", s.caption()))))
        .containsInAnyOrder(
            "a: 1girl, very long hair, red bow",
            "b: absurdly long hair, smile",
            "c: long hair, smile");
    PAssert.that(out.rejects()).empty();
    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              assertThat(notes)
                  .extracting(ReportNote::section)
                  .containsOnly(DropImpliedTags.SECTION);
              assertThat(notes)
                  .extracting(ReportNote::json)
                  .containsExactlyInAnyOrder(
                      "{\"tag\":\"long hair\",\"impliedBy\":\"very long hair\",\"source\":\"danbooru\","
                          + "\"count\":1,\"images\":[\"a\"]}",
                      "{\"tag\":\"bow\",\"impliedBy\":\"red bow\",\"source\":\"danbooru\","
                          + "\"count\":1,\"images\":[\"a\"]}",
                      "{\"tag\":\"long hair\",\"impliedBy\":\"absurdly long hair\","
                          + "\"source\":\"danbooru\",\"count\":1,\"images\":[\"b\"]}");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenTheColourRule_groupsOneDropAcrossImages() throws Exception {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects out =
        pipeline
            .apply(
                Create.of(
                    sample("b", "bow", "red bow"),
                    sample("a", "red bow", "bow", "solo"),
                    sample("c", "bow")))
            .apply(DropImpliedTags.using(Implications.colourItems()));

    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              assertThat(notes).hasSize(1);
              ReportNote note = notes.iterator().next();
              try {
                assertThat(new ObjectMapper().readTree(note.json()).toString())
                    .isEqualTo(
                        "{\"tag\":\"bow\",\"impliedBy\":\"red bow\",\"source\":\"colour rule\","
                            + "\"count\":2,\"images\":[\"a\",\"b\"]}");
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
