package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class BooruQueryTest {

  private static final BooruQuery DANBOORU = BooruQuery.of(BooruSite.DANBOORU, "solo");

  private static BooruPost post(
      String extension, Rating rating, int score, int width, int height, String... general) {
    return BooruPost.builder(0, BooruSite.DANBOORU, 1)
        .md5("0123456789abcdef0123456789abcdef")
        .fileUrl("https://cdn/x." + extension)
        .postUrl("https://danbooru/posts/1")
        .extension(extension)
        .size(width, height)
        .score(score)
        .rating(rating)
        .tags(Map.of(TagCategory.GENERAL, List.of(general)))
        .build();
  }

  private static Optional<Skip.Kind> skip(BooruQuery query, BooruPost post) {
    return new PostFilter(query).skipReason(post).map(Skip::kind);
  }

  @Test
  void defaults_arePoliteAndSkipVideoAndAnimation() {
    assertThat(DANBOORU.pageSize()).isEqualTo(200);
    assertThat(DANBOORU.requestsPerSecond()).isEqualTo(1.0);
    assertThat(DANBOORU.captionCategories()).containsExactly(TagCategory.GENERAL);
    assertThat(skip(DANBOORU, post("png", Rating.EXPLICIT, 0, 10, 10, "1girl"))).isEmpty();
    assertThat(skip(DANBOORU, post("mp4", Rating.GENERAL, 0, 10, 10)))
        .contains(Skip.Kind.FILE_TYPE);
    assertThat(skip(DANBOORU, post("zip", Rating.GENERAL, 0, 10, 10)))
        .contains(Skip.Kind.FILE_TYPE);
    assertThat(skip(DANBOORU, post("png", Rating.GENERAL, 0, 10, 10, "animated_png")))
        .contains(Skip.Kind.ANIMATED);
  }

  @Test
  void eachFilter_hasItsEffect() {
    BooruPost small = post("jpg", Rating.GENERAL, 5, 500, 900, "1girl");
    assertThat(skip(DANBOORU.withMinScore(6), small)).contains(Skip.Kind.SCORE);
    assertThat(skip(DANBOORU.withMinScore(5), small)).isEmpty();
    assertThat(skip(DANBOORU.withMinSize(512, 512), small)).contains(Skip.Kind.SIZE);
    assertThat(skip(DANBOORU.withMinSize(500, 900), small)).isEmpty();
    assertThat(skip(DANBOORU.withRatings(Set.of(Rating.EXPLICIT)), small))
        .contains(Skip.Kind.RATING);
    assertThat(skip(DANBOORU.withBlacklist(Set.of("1girl")), small)).contains(Skip.Kind.BLACKLIST);
    assertThat(skip(DANBOORU.withFileTypes(Set.of(".PNG")), small)).contains(Skip.Kind.FILE_TYPE);
    assertThat(
            skip(
                DANBOORU.withFileTypes(Set.of("gif")).withSkipAnimated(false),
                post("gif", Rating.GENERAL, 0, 1, 1, "animated")))
        .isEmpty();
  }

  @Test
  void givenAnMd5ThatIsNotHex_skipsThePostBeforeItNamesAFile() {
    BooruPost evil =
        BooruPost.builder(0, BooruSite.DANBOORU, 1)
            .md5("../../etc/passwd")
            .fileUrl("https://cdn/x.png")
            .postUrl("u")
            .extension("png")
            .size(1, 1)
            .rating(Rating.GENERAL)
            .build();

    assertThat(skip(DANBOORU, evil)).contains(Skip.Kind.FAILED);
  }

  @Test
  void badValues_failInTheirSetter() {
    assertThatThrownBy(() -> DANBOORU.withPageSize(201)).hasMessageContaining("1 to 200");
    assertThatThrownBy(() -> DANBOORU.withBaseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DANBOORU.withBaseUrl("https://alice:key@danbooru.donmai.us"))
        .hasMessageContaining("withCredentials");
    assertThatThrownBy(() -> DANBOORU.withMaxPosts(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DANBOORU.withCaptionCategories(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DANBOORU.withContact("ali\nce"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BooruSite.fromId("pixiv")).hasMessageContaining("danbooru, gelbooru");
  }

  @Test
  void aQuery_survivesJavaSerializationUnchanged() {
    BooruQuery query =
        DANBOORU
            .withCredentials(BooruCredentials.of("alice", "k"))
            .withRatings(Set.of(Rating.GENERAL))
            .withMaxPosts(3);

    assertThat(SerializableUtils.clone(query)).isEqualTo(query);
  }

  @Test
  void userAgent_namesLoraflowAndTheContact() {
    assertThat(UserAgentInterceptor.userAgentFor(DANBOORU))
        .matches("loraflow/\\S+ \\(LoRA dataset builder\\)");
    assertThat(UserAgentInterceptor.userAgentFor(DANBOORU.withContact("bob")))
        .endsWith("; by bob on danbooru)");
  }
}
