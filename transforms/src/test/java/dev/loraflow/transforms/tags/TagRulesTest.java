package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.TagNames;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagRulesTest {

  @Test
  void normalizesSpellingButKeepsShortEmoticons() {
    assertThat(TagNames.normalize("  Red_Hair ")).isEqualTo("red hair");
    assertThat(TagNames.normalize("^_^")).isEqualTo("^_^");
    assertThat(TagNames.normalize(">_<")).isEqualTo(">_<");
    assertThat(TagNames.normalize("looking__at   viewer")).isEqualTo("looking at viewer");
    assertThat(TagNames.normalize("yorha no. 2 type b \\(cosplay\\)"))
        .isEqualTo("yorha no. 2 type b (cosplay)");
  }

  @Test
  void noneOnlyNormalizesAndDropsDuplicatesAndEmpties() {
    assertThat(TagRules.none().apply(List.of("1girl", "Long_Hair", "", "long hair", "solo")))
        .containsExactly("1girl", "long hair", "solo");
  }

  @Test
  void removesTagsWhateverTheirSpelling() {
    TagRules rules = TagRules.none().removing(List.of("red_hair", "Green Eyes"));
    assertThat(rules.apply(List.of("Red Hair", "smile", "green_eyes"))).containsExactly("smile");
  }

  @Test
  void insertsTriggerFirstAndTagsLastWithoutDuplicates() {
    TagRules rules =
        TagRules.none()
            .insertingFirst(List.of("hakurei_reimu"))
            .insertingLast(List.of("masterpiece"));
    assertThat(rules.apply(List.of("1girl", "hakurei reimu", "solo")))
        .containsExactly("hakurei reimu", "1girl", "solo", "masterpiece");
  }

  @Test
  void replacesOneTagByMany() {
    TagRules rules = TagRules.none().replacing("red_boots", List.of("red footwear", "boots"));
    assertThat(rules.apply(List.of("1girl", "Red Boots", "skirt")))
        .containsExactly("1girl", "red footwear", "boots", "skirt");
  }

  @Test
  void replacementCanBeRemovedByALaterRule() {
    TagRules rules =
        TagRules.none()
            .replacing("chun-li", List.of("chun-li", "blue dress"))
            .removing(List.of("blue dress"));
    assertThat(rules.apply(List.of("chun-li"))).containsExactly("chun-li");
  }

  @Test
  void escapesParenthesesForA1111() {
    TagRules rules = TagRules.none().escapingParentheses();
    assertThat(rules.apply(List.of("saber (fate)"))).containsExactly("saber \\(fate\\)");
  }

  @Test
  void andMergesBothRuleSets() {
    TagRules combined =
        TagRules.none()
            .removing(List.of("a tag"))
            .and(TagRules.none().insertingFirst(List.of("trigger")).removing(List.of("b tag")));
    assertThat(combined.apply(List.of("a tag", "b tag", "c tag")))
        .containsExactly("trigger", "c tag");
  }

  @Test
  void rulesApplyInTheOrderTheyWereAdded() {
    TagRules removeThenReplace =
        TagRules.none().removing(List.of("blue dress")).replacing("chun-li", List.of("blue dress"));
    assertThat(removeThenReplace.apply(List.of("chun-li", "blue dress")))
        .containsExactly("blue dress");
    TagRules firstTwice = TagRules.none().insertingFirst(List.of("a")).insertingFirst(List.of("b"));
    assertThat(firstTwice.apply(List.of("c"))).containsExactly("b", "a", "c");
  }

  @Test
  void aNewRuleIsOneClass() {
    TagRule upperCaseFirst =
        caption -> caption.isEmpty() ? caption : List.of(caption.get(0).toUpperCase());
    assertThat(TagRules.none().then(upperCaseFirst).apply(List.of("Red_Hair", "smile")))
        .containsExactly("RED HAIR");
  }

  @Test
  void ofKeepsTheSpellingOfTheCaption() {
    assertThat(TagRules.of(new RemoveTags(Set.of("long_hair"))).apply(List.of("long_hair", "Solo")))
        .containsExactly("Solo");
  }

  @Test
  void moveFirstMovesOnlyPresentTags_lastListedFirst() {
    assertThat(
            new MoveFirst(List.of("solo", "absent", "1girl")).apply(List.of("a", "solo", "1girl")))
        .containsExactly("1girl", "solo", "a");
  }

  @Test
  void escapingTwiceEscapesOnce() {
    TagRules rules = TagRules.none().escapingParentheses().escapingParentheses();
    assertThat(rules.apply(List.of("saber (fate)"))).containsExactly("saber \\(fate\\)");
  }
}
