package dev.loraflow.transforms.tagging.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tags.MoveFirst;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds and ordering, as kohya's script writes them. */
class Wd14CaptionerTest {

  private static final List<Label> LABELS =
      List.of(
          new Label("general", LabelCategory.RATING),
          new Label("sensitive", LabelCategory.RATING),
          new Label("questionable", LabelCategory.RATING),
          new Label("explicit", LabelCategory.RATING),
          new Label("1girl", LabelCategory.GENERAL),
          new Label("long_hair", LabelCategory.GENERAL),
          new Label("^_^", LabelCategory.GENERAL),
          new Label("solo", LabelCategory.GENERAL),
          new Label("hatsune_miku", LabelCategory.CHARACTER),
          new Label("kagamine_rin", LabelCategory.CHARACTER));

  //                                     g    s    q    e  1girl long ^_^ solo miku  rin
  private static final float[] SCORES = {.1f, .6f, .2f, .6f, .9f, .35f, .5f, .34f, .9f, .85f};

  @Test
  void defaults_keepTagsAtOrAboveThresholds_inModelOrder() {
    Wd14Prediction p = new Wd14Captioner(LABELS, CaptionRules.defaults()).caption(SCORES);

    assertThat(p.caption())
        .containsExactly("1girl", "long_hair", "^_^", "hatsune_miku", "kagamine_rin");
    assertThat(p.tags())
        .containsExactly(
            new Tag("1girl", TagCategory.GENERAL, .9f),
            new Tag("long_hair", TagCategory.GENERAL, .35f),
            new Tag("^_^", TagCategory.GENERAL, .5f),
            new Tag("hatsune_miku", TagCategory.CHARACTER, .9f),
            new Tag("kagamine_rin", TagCategory.CHARACTER, .85f));
  }

  @Test
  void rating_isTheArgmax_firstOnATie() {
    Wd14Prediction p = new Wd14Captioner(LABELS, CaptionRules.defaults()).caption(SCORES);

    assertThat(p.rating()).isEqualTo(Rating.SENSITIVE);
  }

  @Test
  void thresholds_applyPerCategory() {
    CaptionRules rules =
        CaptionRules.defaults().toBuilder()
            .setGeneralThreshold(0.5f)
            .setCharacterThreshold(0.86f)
            .build();

    assertThat(new Wd14Captioner(LABELS, rules).caption(SCORES).caption())
        .containsExactly("1girl", "^_^", "hatsune_miku");
  }

  @Test
  void characterTagsFirst_putsEachAtTheFront_soTheLastComesFirst() {
    CaptionRules rules = CaptionRules.defaults().toBuilder().setCharacterTagsFirst(true).build();

    assertThat(new Wd14Captioner(LABELS, rules).caption(SCORES).caption())
        .containsExactly("kagamine_rin", "hatsune_miku", "1girl", "long_hair", "^_^");
  }

  @Test
  void alwaysFirstTags_moveToTheFrontWhenPresent_lastListedFirst() {
    MoveFirst alwaysFirst = new MoveFirst(List.of("hatsune_miku", "solo", "^_^"));

    assertThat(
            alwaysFirst.apply(
                new Wd14Captioner(LABELS, CaptionRules.defaults()).caption(SCORES).caption()))
        .containsExactly("^_^", "hatsune_miku", "1girl", "long_hair", "kagamine_rin");
  }

  @Test
  void undesiredTags_areLeftOutOfCaptionAndTags() {
    CaptionRules rules =
        CaptionRules.defaults().toBuilder().setUndesiredTags(List.of("long_hair")).build();

    Wd14Prediction p = new Wd14Captioner(LABELS, rules).caption(SCORES);

    assertThat(p.caption()).doesNotContain("long_hair");
    assertThat(p.tags()).extracting(Tag::name).doesNotContain("long_hair");
  }

  @Test
  void removeUnderscore_sparesTagsOfThreeCharactersOrLess() {
    CaptionRules rules = CaptionRules.defaults().toBuilder().setRemoveUnderscore(true).build();

    assertThat(new Wd14Captioner(LABELS, rules).caption(SCORES).caption())
        .containsExactly("1girl", "long hair", "^_^", "hatsune miku", "kagamine rin");
  }

  @Test
  void undesiredTags_matchTheSpellingAfterUnderscoreRemoval() {
    CaptionRules rules =
        CaptionRules.defaults().toBuilder()
            .setRemoveUnderscore(true)
            .setUndesiredTags(List.of("long hair", "kagamine_rin"))
            .build();

    assertThat(new Wd14Captioner(LABELS, rules).caption(SCORES).caption())
        .containsExactly("1girl", "^_^", "hatsune miku", "kagamine rin");
  }

  @Test
  void ratingTag_firstBeforeAlwaysFirstTags_orLast() {
    CaptionRules first =
        CaptionRules.defaults().toBuilder().setRatingTag(TagPosition.FIRST).build();
    MoveFirst alwaysFirst = new MoveFirst(List.of("^_^"));
    assertThat(alwaysFirst.apply(new Wd14Captioner(LABELS, first).caption(SCORES).caption()))
        .containsExactly("^_^", "sensitive", "1girl", "long_hair", "hatsune_miku", "kagamine_rin");

    CaptionRules last = CaptionRules.defaults().toBuilder().setRatingTag(TagPosition.LAST).build();
    assertThat(new Wd14Captioner(LABELS, last).caption(SCORES).caption())
        .containsExactly("1girl", "long_hair", "^_^", "hatsune_miku", "kagamine_rin", "sensitive");

    CaptionRules undesired = last.toBuilder().setUndesiredTags(List.of("sensitive")).build();
    assertThat(new Wd14Captioner(LABELS, undesired).caption(SCORES).caption())
        .doesNotContain("sensitive");
  }

  @Test
  void characterTagExpand_splitsTheLastParenthesisedPartIntoATag() {
    List<Label> labels =
        List.of(
            new Label("general", LabelCategory.RATING),
            new Label("sensitive", LabelCategory.RATING),
            new Label("questionable", LabelCategory.RATING),
            new Label("explicit", LabelCategory.RATING),
            new Label("1girl", LabelCategory.GENERAL),
            new Label("hakurei_reimu_(cosplay)_(touhou)", LabelCategory.CHARACTER),
            new Label("saber_(fate)", LabelCategory.CHARACTER));
    float[] scores = {.9f, .1f, .1f, .1f, .9f, .9f, .9f};
    CaptionRules rules =
        CaptionRules.defaults().toBuilder()
            .setCharacterTagExpand(true)
            .setRemoveUnderscore(true)
            .setCharacterTagsFirst(true)
            .build();

    Wd14Prediction p = new Wd14Captioner(labels, rules).caption(scores);

    assertThat(p.caption())
        .containsExactly("saber", "fate", "hakurei reimu (cosplay)", "touhou", "1girl");
    assertThat(p.tags())
        .extracting(Tag::name)
        .contains("hakurei reimu (cosplay) (touhou)", "saber (fate)");
  }
}
