package dev.loraflow.transforms.tags.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSuggestionsTest {

  private static final TagVocabulary DANBOORU =
      TagVocabulary.of(
          Map.of(
              "long_hair", 5_000_000L,
              "long_coat", 40_000L,
              "red_footwear", 80_000L,
              "boots", 400_000L,
              "blonde_hair", 1_200_000L,
              "red_bow", 300_000L,
              "red_bowtie", 30_000L,
              "hat", 700_000L,
              "black_headwear", 200_000L),
          Map.of("blond_hair", "blonde_hair", "longhair", "long_hair"),
          "test tags");

  private static List<String> fix(String tag) {
    return TagSuggestions.of(tag, DANBOORU).fix().map(Suggestion::tags).orElse(List.of());
  }

  @Test
  void anInventedColourItem_isSplitIntoTheGroupsColourTagAndTheItem() {
    assertThat(fix("red boots")).containsExactly("red footwear", "boots");
    assertThat(fix("black hat")).containsExactly("black headwear", "hat");
  }

  @Test
  void aTypo_becomesTheOneNearestTag() {
    assertThat(fix("long hiar")).containsExactly("long hair");
    assertThat(TagSuggestions.of("long hiar", DANBOORU).suggestions())
        .containsExactly(new Suggestion(Suggestion.SPELLING, List.of("long hair"), 5_000_000L));
  }

  @Test
  void anAlias_becomesTheTagItStandsFor() {
    assertThat(fix("blond hair")).containsExactly("blonde hair");
  }

  @Test
  void twoTagsEquallyNear_areSuggestedByPopularity_andNeitherApplied() {
    TagSuggestions.Result result = TagSuggestions.of("red bowe", DANBOORU);

    assertThat(result.suggestions()).extracting(s -> s.tags().get(0)).containsExactly("red bow");
    TagSuggestions.Result tied = TagSuggestions.of("long coir", DANBOORU);
    assertThat(tied.suggestions())
        .extracting(s -> s.tags().get(0))
        .containsExactly("long hair", "long coat");
    assertThat(tied.fix()).isEmpty();
  }

  @Test
  void shortAndStrangeTags_getNoGuessesAndBreakNothing() {
    for (String tag :
        List.of(
            "^_^", ":3", "", "ハート", "\uD83D\uDE00 face", "a\tb", "(cosplay)", "x".repeat(500))) {
      assertThat(TagSuggestions.of(tag, DANBOORU).fix()).as(tag).isEmpty();
    }
  }

  @Test
  void editDistance_countsASwapAsOneEdit() {
    assertThat(EditDistance.within("long hiar", "long hair", 2)).isEqualTo(1);
    assertThat(EditDistance.within("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(EditDistance.within("kitten", "sitting", 1)).isEqualTo(2);
    assertThat(EditDistance.within("", "abc", 3)).isEqualTo(3);
  }
}
