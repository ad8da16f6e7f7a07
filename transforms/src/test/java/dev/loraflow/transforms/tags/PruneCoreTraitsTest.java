package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.TagCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class PruneCoreTraitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

  private SamplesAndRejects prune(List<Sample> samples, PruneCoreTraits transform) {
    return pipeline.apply(Create.of(samples).withCoder(SampleCoder.of())).apply("Prune", transform);
  }

  private static PCollection<KV<String, List<String>>> captions(SamplesAndRejects out) {
    return out.samples()
        .apply(
            "Captions",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(),
                        TypeDescriptors.lists(TypeDescriptors.strings())))
                .via(s -> KV.of(s.name(), s.caption())));
  }

  private static Map<String, List<String>> byName(Iterable<KV<String, List<String>>> captions) {
    Map<String, List<String>> all = new HashMap<>();
    captions.forEach(kv -> all.put(kv.getKey(), kv.getValue()));
    return all;
  }

  @Test
  void theGuidesReimu_comesOutAsTheGuidesCorrectList_andVariantsKeepWhatDeparts() {
    SamplesAndRejects out =
        prune(ReimuDataset.samples(), PruneCoreTraits.forTrigger("hakurei reimu"));

    PAssert.that(captions(out))
        .satisfies(
            all -> {
              Map<String, List<String>> captions = byName(all);
              List<String> guide = captions.get("reimu_1");
              assertThat(guide.get(0)).isEqualTo("hakurei reimu");
              assertThat(guide).containsExactlyInAnyOrderElementsOf(ReimuDataset.CORRECT);
              // Trigger first, the rest in the caption's order (the guide lists blush last).
              assertThat(guide)
                  .containsExactly(
                      "hakurei reimu",
                      "1girl",
                      "blush",
                      "closed mouth",
                      "looking at viewer",
                      "simple background",
                      "solo",
                      "upper body",
                      "white background");
              assertThat(captions.get("reimu_suit"))
                  .containsExactly(
                      "hakurei reimu",
                      "1girl",
                      "solo",
                      "blonde hair",
                      "business suit",
                      "black jacket",
                      "office",
                      "smile",
                      "cowboy shot");
              assertThat(captions.get("reimu_bikini"))
                  .containsExactly(
                      "hakurei reimu", "1girl", "solo", "bikini", "beach", "smile", "full body");
              return null;
            });
    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              Map<String, String> why = new HashMap<>();
              for (ReportNote note : notes) {
                assertThat(note.section()).isEqualTo(PrunedTrait.SECTION);
                why.put(note.key(), note.json());
              }
              assertThat(why.keySet())
                  .containsExactlyInAnyOrder(
                      "ascot",
                      "bow",
                      "brown hair",
                      "hair between eyes",
                      "hair bow",
                      "hair tubes",
                      "japanese clothes",
                      "long hair",
                      "nontraditional miko",
                      "red bow",
                      "red eyes",
                      "sidelocks",
                      "yellow ascot",
                      "e.o",
                      "highres",
                      "touhou");
              assertThat(json(why.get("brown hair")))
                  .containsEntry("images", 5)
                  .containsEntry("of", 6)
                  .containsEntry("share", 0.833)
                  .containsEntry("why", "in 5 of 6 images: part of the character's base form");
              assertThat(json(why.get("touhou")).get("why").toString()).startsWith("copyright");
              return null;
            });
    PAssert.that(out.rejects()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withoutCategories_copyrightArtistAndMetaTagsStay_andAnotherTriggerIsPutFirst() {
    List<Sample> plain =
        ReimuDataset.samples().stream().map(s -> s.toBuilder().setTags(List.of()).build()).toList();
    SamplesAndRejects out = prune(plain, PruneCoreTraits.forTrigger("rmu_lora"));

    PAssert.that(captions(out))
        .satisfies(
            all -> {
              assertThat(byName(all).get("reimu_1"))
                  .containsExactly(
                      "rmu lora",
                      "1girl",
                      "blush",
                      "closed mouth",
                      "e.o",
                      "hakurei reimu",
                      "highres",
                      "looking at viewer",
                      "simple background",
                      "solo",
                      "touhou",
                      "upper body",
                      "white background");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void folderCaptionsWithKnownCategories_comeOutAsTheGuidesCorrectList() {
    List<Sample> plain =
        ReimuDataset.samples().stream().map(s -> s.toBuilder().setTags(List.of()).build()).toList();
    Map<String, TagCategory> danbooru =
        Map.of(
            "hakurei_reimu", TagCategory.CHARACTER,
            "touhou", TagCategory.COPYRIGHT,
            "e.o", TagCategory.ARTIST,
            "highres", TagCategory.META);

    SamplesAndRejects out =
        prune(plain, PruneCoreTraits.forTrigger("hakurei reimu").withKnownCategories(danbooru));

    PAssert.that(captions(out))
        .satisfies(
            all -> {
              assertThat(byName(all).get("reimu_1"))
                  .containsExactlyInAnyOrderElementsOf(ReimuDataset.CORRECT)
                  .startsWith("hakurei reimu");
              assertThat(byName(all).get("reimu_suit")).doesNotContain("touhou");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keepTagsProtect_removeTagsAdd_andMinShareDecidesWhatIsMost() {
    SamplesAndRejects out =
        prune(
            ReimuDataset.samples(),
            PruneCoreTraits.forTrigger("hakurei reimu")
                .withKeepTags(List.of("red_eyes"))
                .withRemoveTags(List.of("Smile"))
                .withMinShare(0.7)); // the outfit, in 4 of 6 images, is no longer "most"

    PAssert.that(captions(out))
        .satisfies(
            all -> {
              assertThat(byName(all).get("reimu_2"))
                  .containsExactly(
                      "hakurei reimu",
                      "1girl",
                      "solo",
                      "red eyes",
                      "japanese clothes",
                      "nontraditional miko",
                      "ascot",
                      "yellow ascot",
                      "full body",
                      "outdoors",
                      "standing");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void oneImage_prunesNothingAutomatically_andSaysSo() {
    Sample guide = ReimuDataset.sample("reimu_1", ReimuDataset.INCORRECT);
    SamplesAndRejects out =
        prune(
            List.of(guide),
            PruneCoreTraits.forTrigger("hakurei reimu").withRemoveTags(List.of("brown hair")));

    List<String> expected =
        new java.util.ArrayList<>(
            ReimuDataset.INCORRECT.stream()
                .filter(t -> !t.equals("brown hair"))
                .filter(t -> !t.equals("hakurei reimu"))
                .toList());
    expected.add(0, "hakurei reimu");
    PAssert.that(captions(out)).containsInAnyOrder(KV.of("reimu_1", expected));
    PAssert.that(out.notes("Notes"))
        .satisfies(
            notes -> {
              assertThat(notes)
                  .extracting(ReportNote::section, ReportNote::key)
                  .containsExactlyInAnyOrder(
                      org.assertj.core.groups.Tuple.tuple(PrunedTrait.SECTION, "brown hair"),
                      org.assertj.core.groups.Tuple.tuple(PruneCoreTraits.WARNINGS, "coreTraits"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anEmptyDataset_saysSo() {
    SamplesAndRejects out = prune(List.of(), PruneCoreTraits.forTrigger("hakurei reimu"));

    PAssert.that(out.samples()).empty();
    PAssert.that(
            out.notes("Notes")
                .apply("Messages", MapElements.into(TypeDescriptors.strings()).via(n -> n.json())))
        .satisfies(
            messages -> {
              assertThat(messages).singleElement().asString().contains("The dataset is empty");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesBadSettingsNamingTheMethod() {
    assertThatThrownBy(() -> PruneCoreTraits.forTrigger(" "))
        .hasMessage("PruneCoreTraits.forTrigger: the trigger is empty");
    assertThatThrownBy(() -> PruneCoreTraits.forTrigger("a").withMinShare(0))
        .hasMessageStartingWith("PruneCoreTraits.withMinShare:");
    PruneCoreTraits both =
        PruneCoreTraits.forTrigger("a")
            .withKeepTags(List.of("red eyes"))
            .withRemoveTags(List.of("red_eyes"));
    assertThatThrownBy(() -> prune(List.of(), both))
        .hasMessageContaining("[red eyes] both kept (withKeepTags) and removed (withRemoveTags)");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    try {
      return JSON.readValue(text, Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(text, e);
    }
  }
}
