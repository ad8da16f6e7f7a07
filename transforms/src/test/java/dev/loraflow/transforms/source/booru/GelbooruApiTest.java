package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.List;
import java.util.stream.LongStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class GelbooruApiTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void givenAnAccount_sendsApiKeyAndNumericUserIdWithPidFromZero() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("gelbooru-posts.json")));
    server.enqueue(Fixtures.json(Fixtures.resource("gelbooru-empty.json")));
    BooruQuery query =
        Fixtures.query(BooruSite.GELBOORU, server, "hakurei_reimu")
            .withCredentials(BooruCredentials.of("12345", KEY));

    List<BooruPost> posts = Fixtures.list(query, Fixtures.api(query));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/index.php");
    assertThat(request.getUrl().queryParameter("page")).isEqualTo("dapi");
    assertThat(request.getUrl().queryParameter("s")).isEqualTo("post");
    assertThat(request.getUrl().queryParameter("q")).isEqualTo("index");
    assertThat(request.getUrl().queryParameter("json")).isEqualTo("1");
    assertThat(request.getUrl().queryParameter("pid")).isEqualTo("0");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("100");
    assertThat(request.getUrl().queryParameter("api_key")).isEqualTo(KEY);
    assertThat(request.getUrl().queryParameter("user_id")).isEqualTo("12345");
    BooruPost post = posts.get(0);
    assertThat(post.key()).isEqualTo("gelbooru:9876543");
    assertThat(post.md5()).isEqualTo("fedcba9876543210fedcba9876543210");
    assertThat(post.extension()).isEqualTo("jpg");
    assertThat(post.rating()).isEqualTo(Rating.SENSITIVE);
    assertThat(post.tags()).containsOnlyKeys(TagCategory.GENERAL);
    assertThat(post.postUrl()).endsWith("/index.php?page=post&s=view&id=9876543");
  }

  @Test
  void givenMoreThanTwentyThousandResults_continuesWithAnIdCursorInTheTags() throws Exception {
    BooruQuery query = Fixtures.query(BooruSite.GELBOORU, server, "solo").withPageSize(100);
    GelbooruApi api = new GelbooruApi(query, 0);
    Paging paging = api.paging(Fixtures.reader(query));

    assertThat(paging.next("198", fullPage())).contains("199");
    assertThat(paging.next("199", fullPage())).contains("b4901");
    HttpUrl cursor = api.pageUrl("b4901");
    assertThat(cursor.queryParameter("pid")).isEqualTo("0");
    assertThat(cursor.queryParameter("tags")).isEqualTo("solo id:<4901");
  }

  @Test
  void givenASortPastTwentyThousandResults_stopsThereSayingWhy() throws Exception {
    BooruQuery query =
        Fixtures.query(BooruSite.GELBOORU, server, "solo sort:score").withPageSize(100);
    Paging paging = new GelbooruApi(query, 0).paging(Fixtures.reader(query));

    assertThat(paging.next("198", fullPage())).contains("199");
    assertThat(paging.next("199", fullPage())).isEmpty();
    assertThat(paging.cutShort("199", fullPage(), 100)).isTrue();
    assertThat(paging.cutShortWarning(query))
        .contains("gelbooru \"solo sort:score\": stopped after page 199")
        .contains("the 20,000 posts up to there were listed")
        .contains("\"sort:score\" does not");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenNoPostWrapper_readsNoResults() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("gelbooru-empty.json")));
    BooruQuery query = Fixtures.query(BooruSite.GELBOORU, server, "no_such_tag");

    assertThat(Fixtures.list(query, Fixtures.api(query))).isEmpty();
  }

  @Test
  void givenSafebooruShape_buildsTheFileUrlFromDirectoryAndImage() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("safebooru-posts.json")));
    server.enqueue(Fixtures.json(""));
    BooruQuery query = Fixtures.query(BooruSite.SAFEBOORU, server, "cirno");

    BooruPost post = Fixtures.list(query, Fixtures.api(query)).get(0);

    assertThat(post.key()).isEqualTo("safebooru:5550001");
    assertThat(post.md5()).isEqualTo("00112233445566778899aabbccddeeff");
    assertThat(post.fileUrl())
        .isEqualTo(server.url("/images/4321/00112233445566778899aabbccddeeff.png").toString());
    assertThat(post.extension()).isEqualTo("png");
    assertThat(post.rating()).isEqualTo(Rating.GENERAL);
  }

  @Test
  void givenSafebooruEmptyBody_readsNoResults() throws Exception {
    server.enqueue(Fixtures.json(""));
    BooruQuery query = Fixtures.query(BooruSite.SAFEBOORU, server, "no_such_tag");

    assertThat(Fixtures.list(query, Fixtures.api(query))).isEmpty();
  }

  @Test
  void givenAUserName_refusesItBeforeAnyRequest() {
    BooruQuery query = Fixtures.query(BooruSite.GELBOORU, server, "x");

    assertThatThrownBy(() -> query.withCredentials(BooruCredentials.of("alice", KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numeric user id")
        .hasMessageNotContaining(KEY);
  }

  /** A full page of 100 posts, ids 5000 down to 4901. */
  private static List<BooruPost> fullPage() {
    return LongStream.range(0, 100)
        .mapToObj(
            i -> BooruPost.builder(0, BooruSite.GELBOORU, 5000 - i).rating(Rating.GENERAL).build())
        .toList();
  }
}
