package dev.loraflow.transforms.tags;

import static dev.loraflow.transforms.tags.DropImpliedTagsTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.knowledge.TagVocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class CheckTagVocabularyTest {

  private static final TagVocabulary VOCABULARY =
      TagVocabulary.of(
              Map.of(
                  "long_hair", 5_000_000L,
                  "red_footwear", 80_000L,
                  "boots", 400_000L,
                  "blonde_hair", 1_200_000L,
                  "smile", 3_000_000L,
                  "long_coat", 40_000L),
              Map.of("blond_hair", "blonde_hair"),
              "Danbooru's test tags")
          .and(List.of("1girl", "^_^"), "the WD14 labels");

  private static Map<String, JsonNode> byTag(Iterable<ReportNote> notes) {
    Map<String, JsonNode> byTag = new TreeMap<>();
    for (ReportNote note : notes) {
      assertThat(note.section()).isEqualTo(CheckTagVocabulary.SECTION);
      try {
        byTag.put(note.key(), new ObjectMapper().readTree(note.json()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return byTag;
  }

  private static SamplesAndRejects run(Pipeline pipeline, CheckTagVocabulary check) {
    return pipeline
        .apply(
            Create.of(
                sample("a", "hakurei reimu", "1girl", "red_boots", "long_hiar", "smile"),
                sample("b", "hakurei reimu", "blond hair", "long coir", "^_^", "\\(weird\\) tag"),
                sample("c", "hakurei reimu", "red boots", "boots")))
        .apply(check);
  }

  @Test
  void flagsUnknownTagsWithSuggestions_andLeavesCaptionsAlone() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects out =
        run(pipeline, CheckTagVocabulary.against(VOCABULARY).allowing(List.of("Hakurei_Reimu")));

    PAssert.that(
            out.samples()
                .apply(MapElements.into(TypeDescriptors.integers()).via(s -> s.caption().size())))
        .containsInAnyOrder(5, 5, 3);
    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              Map<String, JsonNode> byTag = byTag(notes);
              assertThat(byTag)
                  .containsOnlyKeys(
                      "red boots", "long hiar", "blond hair", "long coir", "(weird) tag");
              JsonNode boots = byTag.get("red boots");
              assertThat(boots.get("images").toString()).isEqualTo("[\"a\",\"c\"]");
              assertThat(boots.get("suggestions").toString())
                  .isEqualTo(
                      "[{\"kind\":\"compound\",\"tags\":[\"red footwear\",\"boots\"],\"postCount\":400000}]");
              assertThat(boots.get("fix").toString()).isEqualTo("[\"red footwear\",\"boots\"]");
              assertThat(boots.get("fixed").asBoolean()).isFalse();
              assertThat(boots.get("unknownTo").asText())
                  .isEqualTo("Danbooru's test tags and the WD14 labels");
              assertThat(byTag.get("long hiar").get("fix").toString()).isEqualTo("[\"long hair\"]");
              assertThat(byTag.get("blond hair").get("suggestions").get(0).get("kind").asText())
                  .isEqualTo("alias");
              assertThat(byTag.get("long coir").has("fix")).isFalse();
              assertThat(byTag.get("long coir").get("suggestions")).hasSize(2);
              assertThat(byTag.get("(weird) tag").get("suggestions")).isEmpty();
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withFixes_appliesTheClearSuggestionsInPlace() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects out =
        run(
            pipeline,
            CheckTagVocabulary.against(VOCABULARY)
                .allowing(List.of("hakurei reimu"))
                .withFixes(true));

    PAssert.that(
            out.samples()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(s -> s.id() + ": " + String.join(", ", s.caption()))))
        .containsInAnyOrder(
            "a: hakurei reimu, 1girl, red footwear, boots, long hair, smile",
            "b: hakurei reimu, blonde hair, long coir, ^_^, \\(weird\\) tag",
            "c: hakurei reimu, red footwear, boots");
    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              Map<String, JsonNode> byTag = byTag(notes);
              assertThat(byTag.get("red boots").get("fixed").asBoolean()).isTrue();
              assertThat(byTag.get("long coir").get("fixed").asBoolean()).isFalse();
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
