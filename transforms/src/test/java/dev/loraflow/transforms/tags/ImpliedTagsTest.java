package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.source.booru.DanbooruTagLists.Pair;
import dev.loraflow.transforms.tags.knowledge.Implications;
import dev.loraflow.transforms.tags.knowledge.TagKnowledge;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ImpliedTagsTest {

  // Danbooru's own chains (tag_implications.json, active)
  static final Implications DANBOORU =
      new TagKnowledge(
              "test",
              Instant.EPOCH,
              0,
              Stream.of(
                      "absurdly_long_hair -> very_long_hair",
                      "very_long_hair -> long_hair",
                      "red_bow -> bow",
                      "hair_bow -> bow",
                      "white_thighhighs -> thighhighs",
                      "thighhighs -> legwear",
                      "cat_ears -> animal_ears",
                      "fake_animal_ears -> animal_ears",
                      "a -> b",
                      "b -> a")
                  .map(pair -> pair.split(" -> "))
                  .map(pair -> new Pair(pair[0], pair[1]))
                  .toList(),
              List.of(),
              List.of())
          .implied();

  private static List<String> prune(Implications implications, String... caption) {
    return ImpliedTags.by(implications).apply(List.of(caption));
  }

  @Test
  void dropsWhatAMoreSpecificTagImplies_throughTheWholeChain() {
    assertThat(prune(DANBOORU, "1girl", "long hair", "absurdly long hair", "very long hair"))
        .containsExactly("1girl", "absurdly long hair");
    assertThat(prune(DANBOORU, "bow", "red bow", "hair bow", "smile"))
        .containsExactly("red bow", "hair bow", "smile");
    assertThat(prune(DANBOORU, "legwear", "thighhighs", "white_thighhighs"))
        .containsExactly("white_thighhighs");
    assertThat(prune(DANBOORU, "animal ears", "cat ears")).containsExactly("cat ears");
  }

  @Test
  void namesTheKeptTagThatImpliesEachDroppedOne() {
    assertThat(
            ImpliedTags.by(DANBOORU)
                .dropped(List.of("long hair", "very long hair", "absurdly long hair")))
        .isEqualTo(
            Map.of("long hair", "absurdly long hair", "very long hair", "absurdly long hair"));
  }

  @Test
  void keepsTagsNothingImplies_andBothTagsOfACycle() {
    assertThat(prune(DANBOORU, "long hair", "bow", "solo"))
        .containsExactly("long hair", "bow", "solo");
    assertThat(prune(DANBOORU, "a", "b")).containsExactly("a", "b");
  }

  @Test
  void withoutAList_theColourRuleDropsTheItemOfAColouredItem() {
    Implications colours = Implications.colourItems();

    assertThat(prune(colours, "red bow", "bow", "light blue hair", "hair", "bowtie"))
        .containsExactly("red bow", "light blue hair", "bowtie");
    assertThat(prune(colours, "long hair", "very long hair", "red", "black"))
        .containsExactly("long hair", "very long hair", "red", "black");
  }
}
