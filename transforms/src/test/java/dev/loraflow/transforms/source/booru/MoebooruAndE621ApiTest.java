package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;

class MoebooruAndE621ApiTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void moebooru_readsUncategorizedTagsAsGeneralAndSAsSafe() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("moebooru-posts.json")));
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query =
        Fixtures.query(BooruSite.YANDERE, server, "cirno")
            .withCredentials(BooruCredentials.of("alice", KEY));

    BooruPost post = Fixtures.list(query, Fixtures.api(query)).get(0);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/post.json");
    assertThat(request.getUrl().queryParameter("page")).isEqualTo("1");
    assertThat(request.getUrl().queryParameter("login")).isEqualTo("alice");
    assertThat(request.getUrl().queryParameter("password_hash")).isEqualTo(KEY);
    assertThat(post.key()).isEqualTo("yandere:1100001");
    assertThat(post.rating()).isEqualTo(Rating.GENERAL);
    assertThat(post.extension()).isEqualTo("jpg");
    assertThat(post.tags())
        .containsExactlyEntriesOf(Map.of(TagCategory.GENERAL, List.of("cirno", "touhou", "wings")));
    assertThat(post.postUrl()).isEqualTo(server.url("/post/show/1100001").toString());
  }

  @Test
  void e621_readsTheWrapperAndMapsSpeciesToGeneralAndLoreToMeta() throws Exception {
    server.enqueue(Fixtures.json(Fixtures.resource("e621-posts.json")));
    server.enqueue(Fixtures.json("{\"posts\": []}"));
    BooruQuery query =
        Fixtures.query(BooruSite.E621, server, "pikachu")
            .withCredentials(BooruCredentials.of("alice", KEY));

    List<BooruPost> posts = Fixtures.list(query, Fixtures.api(query));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/posts.json");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("alice", KEY));
    assertThat(request.getHeaders().get("User-Agent")).contains("by alice on e621");
    BooruPost post = posts.get(0);
    assertThat(post.key()).isEqualTo("e621:4400001");
    assertThat(post.md5()).isEqualTo("99998888777766665555444433332222");
    assertThat(post.score()).isEqualTo(117);
    assertThat(post.rating()).isEqualTo(Rating.GENERAL);
    assertThat(post.tags())
        .containsEntry(TagCategory.GENERAL, List.of("solo", "smile", "pokemon_(species)", "rodent"))
        .containsEntry(TagCategory.CHARACTER, List.of("pikachu"))
        .containsEntry(TagCategory.META, List.of("hi_res", "male_(lore)"));
    assertThat(posts.get(1).isVisible()).isFalse();
  }

  @Test
  void givenARelativeOrSchemeLessFileUrl_resolvesItAgainstTheBaseUrl() throws Exception {
    server.enqueue(
        Fixtures.json(
            "[{\"id\": 1, \"md5\": \"aaaabbbbccccddddeeeeffff00001111\", \"file_ext\": \"png\","
                + " \"file_url\": \"/data/a.png\"},"
                + " {\"id\": 2, \"md5\": \"aaaabbbbccccddddeeeeffff00002222\", \"file_ext\": \"png\","
                + " \"file_url\": \"//files.example.org/b.png\"}]"));
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query = Fixtures.query(BooruSite.KONACHAN, server, "x");

    List<BooruPost> posts = Fixtures.list(query, Fixtures.api(query));

    assertThat(posts.get(0).fileUrl()).isEqualTo(server.url("/data/a.png").toString());
    assertThat(posts.get(1).fileUrl()).isEqualTo("http://files.example.org/b.png");
  }

  @Test
  void e621_givenOrderIdPastPage750_continuesWithAfterCursorsAndTheDefaultWithBefore()
      throws Exception {
    BooruQuery ascending = Fixtures.query(BooruSite.E621, server, "fox order:id").withPageSize(2);
    BooruQuery newest = Fixtures.query(BooruSite.E621, server, "fox").withPageSize(2);
    List<BooruPost> page = List.of(post(41), post(42));

    assertThat(new E621Api(ascending, 0).paging(Fixtures.reader(ascending)).next("750", page))
        .contains("a42");
    assertThat(new E621Api(newest, 0).paging(Fixtures.reader(newest)).next("750", page))
        .contains("b41");
  }

  @Test
  void e621_givenOrderScore_stopsAtPage750SayingHowFarItReached() throws Exception {
    BooruQuery query = Fixtures.query(BooruSite.E621, server, "fox order:score").withPageSize(2);
    Paging paging = new E621Api(query, 0).paging(Fixtures.reader(query));
    List<BooruPost> page = List.of(post(41), post(42));

    assertThat(paging.next("749", page)).contains("750");
    assertThat(paging.next("750", page)).isEmpty();
    assertThat(paging.cutShort("750", page, 2)).isTrue();
    assertThat(paging.cutShortWarning(query))
        .contains("e621 \"fox order:score\": stopped after page 750")
        .contains("the 1,500 posts up to there were listed");
  }

  @Test
  void moebooru_pagesByNumberInAnyOrder() throws Exception {
    BooruQuery query =
        Fixtures.query(BooruSite.YANDERE, server, "cirno order:score").withPageSize(2);
    Paging paging = new MoebooruApi(query, 0).paging(Fixtures.reader(query));

    assertThat(paging.next("5000", List.of(post(1), post(2)))).contains("5001");
  }

  @Test
  void e621_refusesMoreThanTwoRequestsPerSecond() {
    assertThatThrownBy(() -> BooruQuery.of(BooruSite.E621, "x").withRequestsPerSecond(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to 2.0");
  }

  private static BooruPost post(long id) {
    return BooruPost.builder(0, BooruSite.E621, id).rating(Rating.GENERAL).build();
  }
}
