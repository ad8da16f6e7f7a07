package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.onnx.Wd14Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeModeTest {

  private static final Wd14Prediction PREDICTION =
      new Wd14Prediction(
          Rating.SENSITIVE,
          List.of(
              new Tag("1girl", TagCategory.GENERAL, .9f),
              new Tag("smile", TagCategory.GENERAL, .5f)),
          List.of("1girl", "smile"));

  private static final Sample BOORU =
      TestImages.sample("a", new byte[] {1}).toBuilder()
          .setTags(
              List.of(
                  Tag.general("smile"),
                  Tag.general("solo"),
                  Tag.of("some_artist", TagCategory.ARTIST)))
          .setRating(Rating.GENERAL)
          .setCaption(List.of("solo", "smile"))
          .build();

  private static final Sample UNTAGGED = TestImages.sample("b", new byte[] {1});

  @Test
  void replace_takesWd14sCaptionAndRating_keepsArtistTags() {
    Sample merged = MergeMode.REPLACE.merge(BOORU, PREDICTION);

    assertThat(merged.caption()).containsExactly("1girl", "smile");
    assertThat(merged.rating()).isEqualTo(Rating.SENSITIVE);
    assertThat(merged.tags())
        .containsExactly(
            Tag.of("some_artist", TagCategory.ARTIST),
            new Tag("1girl", TagCategory.GENERAL, .9f),
            new Tag("smile", TagCategory.GENERAL, .5f));
  }

  @Test
  void replace_keepsAnArtistTagTheModelAlsoPredicts_once_withTheModelsScore() {
    Tag predicted = new Tag("some_artist", TagCategory.ARTIST, .6f);
    Wd14Prediction mapping =
        new Wd14Prediction(Rating.GENERAL, List.of(predicted), List.of("some_artist"));

    Sample merged = MergeMode.REPLACE.merge(BOORU, mapping);

    assertThat(merged.tags()).containsExactly(predicted);
  }

  @Test
  void append_addsOnlyNewTags_afterTheExistingCaption_andKeepsTheRating() {
    Sample merged = MergeMode.APPEND.merge(BOORU, PREDICTION);

    assertThat(merged.caption()).containsExactly("solo", "smile", "1girl");
    assertThat(merged.rating()).isEqualTo(Rating.GENERAL);
    assertThat(merged.tags())
        .extracting(Tag::name)
        .containsExactly("smile", "solo", "some_artist", "1girl");
  }

  @Test
  void append_toAnUntaggedSample_takesWd14sRating() {
    assertThat(MergeMode.APPEND.merge(UNTAGGED, PREDICTION).rating()).isEqualTo(Rating.SENSITIVE);
  }

  @Test
  void onlyUntagged_skipsTaggedSamples_andTagsTheRest() {
    assertThat(MergeMode.ONLY_UNTAGGED.skips(BOORU)).isTrue();
    assertThat(MergeMode.ONLY_UNTAGGED.skips(UNTAGGED)).isFalse();
    assertThat(MergeMode.ONLY_UNTAGGED.merge(UNTAGGED, PREDICTION).caption())
        .containsExactly("1girl", "smile");
  }

  @Test
  void replaceAndAppend_tagEverySample() {
    assertThat(MergeMode.REPLACE.skips(BOORU)).isFalse();
    assertThat(MergeMode.APPEND.skips(BOORU)).isFalse();
  }
}
