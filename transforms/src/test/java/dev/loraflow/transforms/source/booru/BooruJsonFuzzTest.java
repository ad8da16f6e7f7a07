package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.loraflow.transforms.model.ImageBytes;
import dev.loraflow.transforms.model.TagCategory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any answer body, read as {@link ApiReader} reads a page (every site's post list, Danbooru's
 * profile) and summarised as an error body, either gives posts that become samples and survive
 * their coder, or is refused with one of Jackson's exceptions, which ApiReader turns into "sent
 * malformed JSON": never a NullPointerException, a ClassCastException or an error. Without
 * JAZZER_FUZZ this replays the committed inputs in {@code BooruJsonFuzzTestInputs/answer/}.
 */
class BooruJsonFuzzTest {

  private static final List<TagCategory> ALL = List.of(TagCategory.values());

  @FuzzTest(maxDuration = "20s")
  void answer(byte[] bytes) throws IOException {
    String body = new String(bytes, StandardCharsets.UTF_8);
    assertThat(ErrorBody.summary(body, Redactor.of(BooruCredentials.anonymous()))).isNotBlank();
    JsonNode page;
    try {
      page = body.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
    } catch (JacksonException malformed) {
      return;
    }
    for (BooruSite site : BooruSite.values()) {
      BooruApi api = site.family().api(BooruQuery.of(site, "solo"), 0);
      List<BooruPost> posts;
      try {
        posts = api.posts(page);
      } catch (JacksonException refused) {
        continue;
      }
      for (BooruPost post : posts) {
        assertThat(PostSamples.of(post, ImageBytes.of(new byte[0]), ALL).id())
            .isEqualTo(post.key());
        // The coder leaves out empty categories, which read as absent ones.
        BooruPost decoded = roundTrip(post);
        assertThat(decoded).usingRecursiveComparison().ignoringFields("tags").isEqualTo(post);
        assertThat(decoded.allTags()).isEqualTo(post.allTags());
      }
    }
    try {
      DanbooruAccount.fromProfile(page);
    } catch (JacksonException refused) {
      assertThat(refused.getOriginalMessage()).isNotBlank();
    }
  }

  private static BooruPost roundTrip(BooruPost post) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BooruPostCoder.of().encode(post, out);
    return BooruPostCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
  }
}
