package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.LongStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;

class DanbooruApiTest {

  /** A Member account whose numbered pages end at page 2, so tests reach the limit quickly. */
  private static final Optional<DanbooruAccount> TWO_PAGES =
      Optional.of(new DanbooruAccount("Member", OptionalInt.of(2), 2));

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void givenAnAccount_readsItsLevelThenSendsBasicAuthAnHonestUserAgentAndTwoHundredPerPage()
      throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, List.of()).withAccount("alice", KEY);
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu solo")
            .withCredentials(BooruCredentials.of("alice", KEY));

    Fixtures.list(query, Fixtures.api(query));

    RecordedRequest profile = server.takeRequest();
    assertThat(profile.getUrl().encodedPath()).isEqualTo("/profile.json");
    assertThat(profile.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("alice", KEY));
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
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu");

    List<BooruPost> posts = Fixtures.list(query, Fixtures.api(query));

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
    new FakeBooru(BooruSite.DANBOORU, server, posts(7)).withPageLimit(2);
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "").withPageSize(2);

    List<BooruPost> posts = Fixtures.list(query, new DanbooruApi(query, 0, TWO_PAGES));

    assertThat(posts).extracting(BooruPost::id).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    // The short page b2 is no sign of the end: only the empty b1 after it is.
    assertThat(pagesRequested(5)).containsExactly("1", "2", "b4", "b2", "b1");
  }

  @Test
  void givenOrderIdPastThePageLimit_continuesWithAfterCursorsOldestFirst() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(9)).withPageLimit(2);
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo order:id").withPageSize(2);

    List<BooruPost> posts = Fixtures.list(query, new DanbooruApi(query, 0, TWO_PAGES));

    assertThat(posts).extracting(BooruPost::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(pagesRequested(6)).containsExactly("1", "2", "a4", "a6", "a8", "a9");
  }

  @Test
  void givenOrderScorePastThePageLimit_stopsThereAndWarnsHowManyPostsWereReachable()
      throws Exception {
    List<FakeBooru.Post> scored = new ArrayList<>();
    for (long id = 1; id <= 7; id++) {
      scored.add(FakeBooru.Post.of(id).withScore((int) (id * 37 % 11)));
    }
    new FakeBooru(BooruSite.DANBOORU, server, scored).withPageLimit(2);
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo order:score").withPageSize(2);

    Fixtures.Listing listing = Fixtures.listLogged(query, new DanbooruApi(query, 0, TWO_PAGES));

    // scores 1→4 2→8 3→1 4→5 5→9 6→2 7→6: the best four, and no id-ordered tail after them
    assertThat(listing.posts()).extracting(BooruPost::id).containsExactly(5L, 2L, 7L, 4L);
    assertThat(pagesRequested(2)).containsExactly("1", "2");
    assertThat(listing.log())
        .contains("WARN")
        .contains("danbooru \"solo order:score\": stopped after page 2")
        .contains("the 4 posts up to there were listed")
        .contains("\"order:score\" does not")
        .contains("A Gold account reaches page 5000");
  }

  @Test
  void givenASearchEndingBeforeThePageLimit_warnsOfNothing() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3)).withPageLimit(2);
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo order:score").withPageSize(2);

    Fixtures.Listing listing = Fixtures.listLogged(query, new DanbooruApi(query, 0, TWO_PAGES));

    assertThat(listing.posts()).hasSize(3);
    assertThat(listing.log()).doesNotContain("stopped after page");
  }

  @Test
  void givenAServerCappingPagesBelowTheAskedSize_listsEveryPostUntilAnEmptyPage() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(7)).withPageCap(2);
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo").withPageSize(3);

    List<BooruPost> posts = Fixtures.list(query, new DanbooruApi(query, 0, TWO_PAGES));

    assertThat(posts).extracting(BooruPost::id).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(pagesRequested(5)).containsExactly("1", "2", "b4", "b2", "b1");
  }

  @Test
  void givenAServerWithoutProfiles_walksWithMemberPagesAfterOneWarning() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3)).withAccount("alice", KEY).withoutProfile();
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo")
            .withPageSize(2)
            .withCredentials(BooruCredentials.of("alice", KEY));

    Fixtures.Listing listing = Fixtures.listLogged(query, Fixtures.api(query));

    assertThat(listing.posts()).extracting(BooruPost::id).containsExactly(3L, 2L, 1L);
    assertThat(listing.log())
        .containsOnlyOnce("WARN")
        .contains("danbooru serves no account profile")
        .contains("Member limit of 1000 numbered pages")
        .doesNotContain(KEY);
  }

  @Test
  void givenAServerWithoutProfiles_letsItsOwnTagLimitRefusalSpeak() {
    server.enqueue(Fixtures.status(404, "{\"success\":false}"));
    server.enqueue(
        Fixtures.status(
            422,
            "{\"success\":false,\"message\":\"You cannot search for more than 2 tags at a"
                + " time.\"}"));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu solo smile")
            .withCredentials(BooruCredentials.of("alice", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("danbooru allows 2 tags per search at this account level")
        .hasMessageContaining("\"hakurei_reimu solo smile\" has more")
        .hasMessageNotContaining(KEY);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenNoResults_stopsAfterOnePage() throws Exception {
    server.enqueue(Fixtures.json("[]"));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "no_such_tag");

    assertThat(Fixtures.list(query, Fixtures.api(query))).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenThreeTagsAnonymously_refusesBeforeAnyRequestNamingCountLimitAndWayOut() {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu solo smile");

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("\"hakurei_reimu solo smile\" has 3 tags that count")
        .hasMessageContaining("an anonymous search may use 2")
        .hasMessageContaining("log in with a Gold or higher account");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenAMemberAccountAndTooManyTags_refusesAfterReadingOnlyTheProfile() {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3)).withAccount("alice", KEY);
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "hakurei_reimu solo -comic")
            .withCredentials(BooruCredentials.of("alice", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("has 3 tags that count")
        .hasMessageContaining("a Member account may use 2")
        .hasMessageContaining("use a Gold or higher account")
        .hasMessageNotContaining(KEY)
        .hasMessageNotContaining("alice");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAGoldAccount_allowsSixTagsAndFreeMetatagsButNotSeven() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3))
        .withAccount("alice", KEY)
        .withLevel(FakeBooru.Level.GOLD);
    BooruCredentials alice = BooruCredentials.of("alice", KEY);
    BooruQuery six =
        Fixtures.query(BooruSite.DANBOORU, server, "a b c d e f rating:g score:>5 date:2020")
            .withCredentials(alice);
    BooruQuery seven =
        Fixtures.query(BooruSite.DANBOORU, server, "a b c d e f order:score")
            .withCredentials(alice);

    assertThat(Fixtures.list(six, Fixtures.api(six))).hasSize(3);
    assertThatThrownBy(() -> Fixtures.list(seven, Fixtures.api(seven)))
        .hasMessageContaining("has 7 tags that count")
        .hasMessageContaining("a Gold account may use 6")
        .hasMessageContaining("use a Platinum or higher account");
  }

  @Test
  void givenAPlatinumAccount_allowsAnyNumberOfTags() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, posts(3))
        .withAccount("alice", KEY)
        .withLevel(FakeBooru.Level.PLATINUM);
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "a b c d e f g h i j k l m")
            .withCredentials(BooruCredentials.of("alice", KEY));

    assertThat(Fixtures.list(query, Fixtures.api(query))).hasSize(3);
  }

  private static List<FakeBooru.Post> posts(int count) {
    return LongStream.rangeClosed(1, count).mapToObj(FakeBooru.Post::of).toList();
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
