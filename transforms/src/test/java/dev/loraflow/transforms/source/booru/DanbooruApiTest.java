package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.testing.FakeBooru;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;

class DanbooruApiTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void givenAnAccount_sendsBasicAuthAnHonestUserAgentAndTwoHundredPerPage() throws Exception {
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu solo")
            .withCredentials(BooruCredentials.of("alice", KEY));

    Fixtures.list(query, BooruApi.of(query, 0));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/posts.json");
    assertThat(request.getUrl().queryParameter("tags")).isEqualTo("hakurei_reimu solo");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("200");
    assertThat(request.getUrl().queryParameter("page")).isEqualTo("1");
    assertThat(request.getUrl().queryParameter("api_key")).isNull();
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("alice", KEY));
    assertThat(request.getHeaders().get("User-Agent"))
        .startsWith("loraflow/")
        .contains("by alice on danbooru")
        .doesNotContain("okhttp", "Mozilla");
  }

  @Test
  void givenARecordedPage_readsTagsByCategoryAndMarksHiddenPosts() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("danbooru-posts.json")));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu");

    List<BooruPost> posts = Fixtures.list(query, BooruApi.of(query, 0));

    assertThat(posts).hasSize(2);
    BooruPost post = posts.get(0);
    assertThat(post.key()).isEqualTo("danbooru:7654321");
    assertThat(post.md5()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(post.fileUrl()).endsWith("/original/01/23/0123456789abcdef0123456789abcdef.png");
    assertThat(post.postUrl()).isEqualTo(server.url("/posts/7654321").toString());
    assertThat(post.extension()).isEqualTo("png");
    assertThat(post.width()).isEqualTo(1200);
    assertThat(post.height()).isEqualTo(1600);
    assertThat(post.score()).isEqualTo(42);
    assertThat(post.rating()).isEqualTo(Rating.GENERAL);
    assertThat(post.tags())
        .containsEntry(TagCategory.GENERAL, List.of("1girl", "solo"))
        .containsEntry(TagCategory.CHARACTER, List.of("hakurei_reimu"))
        .containsEntry(TagCategory.COPYRIGHT, List.of("touhou"))
        .containsEntry(TagCategory.ARTIST, List.of("zun_(artist)"))
        .containsEntry(TagCategory.META, List.of("highres"));
    assertThat(post.isVisible()).isTrue();
    assertThat(posts.get(1).isVisible()).isFalse();
  }

  @Test
  void givenMoreThanThePageLimit_continuesWithBeforeCursors() throws Exception {
    new FakeBooru(
        FakeBooru.Family.DANBOORU,
        server,
        LongStream.rangeClosed(1, 7).mapToObj(FakeBooru.Post::of).toList());
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "").withPageSize(2);

    List<BooruPost> posts = Fixtures.list(query, new DanbooruApi(query, 0, 2));

    assertThat(posts).extracting(BooruPost::id).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(pagesRequested(4)).containsExactly("1", "2", "b4", "b2");
  }

  @Test
  void givenNoResults_stopsAfterOnePage() throws Exception {
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "no_such_tag");

    assertThat(Fixtures.list(query, BooruApi.of(query, 0))).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private List<String> pagesRequested(int count) throws InterruptedException {
    List<String> pages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pages.add(server.takeRequest().getUrl().queryParameter("page"));
    }
    assertThat(server.getRequestCount()).isEqualTo(count);
    return pages;
  }
}
