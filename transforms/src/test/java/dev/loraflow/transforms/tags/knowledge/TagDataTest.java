package dev.loraflow.transforms.tags.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.source.booru.BooruCredentials;
import dev.loraflow.transforms.source.booru.BooruQuery;
import dev.loraflow.transforms.source.booru.BooruSite;
import dev.loraflow.transforms.source.booru.FakeBooru;
import dev.loraflow.transforms.source.booru.FakeBooru.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagDataTest {

  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path cache;

  private FakeBooru danbooru() {
    return new FakeBooru(BooruSite.DANBOORU, server, List.of())
        .withTagImplications(
            "very_long_hair -> long_hair",
            "absurdly_long_hair -> very_long_hair",
            "red_bow -> bow",
            "hair_bow -> bow",
            "white_thighhighs -> thighhighs")
        .withTagAliases("long_hiar -> long_hair", "blond_hair -> blonde_hair")
        .withTags(
            new Tag("long_hair", 0, 5_000_000),
            new Tag("very_long_hair", 0, 1_000_000),
            new Tag("bow", 0, 900_000),
            new Tag("red_footwear", 0, 80_000),
            new Tag("boots", 0, 400_000),
            new Tag("hakurei_reimu", 4, 90_000),
            new Tag("rare_tag", 0, 12));
  }

  private TagData tagData(TagData.Mode mode) {
    BooruQuery connection =
        BooruQuery.of(BooruSite.DANBOORU, "")
            .withBaseUrl(server.url("/").toString())
            .withRequestsPerSecond(10)
            .withRetries(2, Duration.ZERO);
    return TagData.from(connection).withCacheDir(cache).withMode(mode).withPageSize(2);
  }

  @Test
  void givenFetch_readsEveryPageOfActiveImplicationsAliasesAndPopularTags_andCachesThem()
      throws Exception {
    FakeBooru booru = danbooru();

    TagKnowledge knowledge = tagData(TagData.Mode.FETCH).load().orElseThrow();

    assertThat(knowledge.implications())
        .extracting(pair -> pair.from() + " -> " + pair.to())
        .containsExactlyInAnyOrder(
            "very_long_hair -> long_hair",
            "absurdly_long_hair -> very_long_hair",
            "red_bow -> bow",
            "hair_bow -> bow",
            "white_thighhighs -> thighhighs");
    assertThat(knowledge.aliases()).hasSize(2);
    assertThat(knowledge.tags())
        .extracting(tag -> tag.name())
        .containsExactly(
            "long_hair", "very_long_hair", "bow", "boots", "hakurei_reimu", "red_footwear");
    assertThat(knowledge.implied().of("absurdly long hair"))
        .containsExactlyInAnyOrder("very long hair", "long hair");
    assertThat(Files.exists(cache.resolve(server.getHostName() + "_" + server.getPort() + ".json")))
        .isTrue();
    // pages of 2: 5 implications in 3, 2 aliases in 1, 6 tags in 3; each list ends on an empty one
    assertThat(booru.apiRequests()).isEqualTo(4 + 2 + 4);
  }

  @Test
  void givenACache_readsItWithoutTheNetwork_evenWhenAskedToFetch() throws Exception {
    danbooru();
    TagKnowledge fetched = tagData(TagData.Mode.FETCH).load().orElseThrow();
    server.close();

    Optional<TagKnowledge> cached = tagData(TagData.Mode.CACHED).load();
    Optional<TagKnowledge> again = tagData(TagData.Mode.FETCH).load();

    assertThat(cached).contains(fetched);
    assertThat(again).contains(fetched);
  }

  @Test
  void givenRefreshWithoutNetwork_usesTheCache() throws Exception {
    danbooru();
    TagKnowledge fetched = tagData(TagData.Mode.FETCH).load().orElseThrow();
    server.close();

    assertThat(tagData(TagData.Mode.REFRESH).load()).contains(fetched);
  }

  @Test
  void givenRefresh_replacesTheCache() throws Exception {
    FakeBooru booru = danbooru();
    tagData(TagData.Mode.FETCH).load();
    booru.withTagImplications("red_boots -> boots");

    TagKnowledge refreshed = tagData(TagData.Mode.REFRESH).load().orElseThrow();

    assertThat(refreshed.implications()).hasSize(6);
    assertThat(tagData(TagData.Mode.CACHED).load()).contains(refreshed);
  }

  @Test
  void givenNoCache_cachedModeKnowsNothing_andFetchWithoutNetworkSaysSo() throws Exception {
    danbooru();
    server.close();

    assertThat(tagData(TagData.Mode.CACHED).load()).isEmpty();
    assertThatThrownBy(() -> tagData(TagData.Mode.FETCH).load())
        .hasMessageContaining("Fetching Danbooru's tag data failed, and nothing is cached in")
        .hasMessageContaining(cache.toString());
  }

  @Test
  void givenAMalformedPage_failsNamingTheEndpointAndPage_andCachesNothing() throws Exception {
    danbooru()
        .thenApiAt(
            "/tag_aliases.json",
            new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body("[{\"id\": 7, \"antecedent_name\": \"long_hiar\"}]")
                .build());

    assertThatThrownBy(() -> tagData(TagData.Mode.FETCH).load())
        .hasMessageContaining("malformed JSON from")
        .hasMessageContaining("/tag_aliases.json")
        .hasMessageContaining("page=1")
        .hasMessageContaining(
            "tag aliases entry 1 of the page has no a tag name in consequent_name");
    assertThat(cache).isEmptyDirectory();
  }

  @Test
  void givenAPageThatIsNoList_failsNamingIt() throws Exception {
    danbooru()
        .thenApiAt(
            "/tags.json",
            new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body("{\"success\": false}")
                .build());

    assertThatThrownBy(() -> tagData(TagData.Mode.FETCH).load())
        .hasMessageContaining("/tags.json")
        .hasMessageContaining("expected tags as a JSON array, got OBJECT");
  }

  @Test
  void givenAnAccount_sendsItAsDanbooruExpects() throws Exception {
    FakeBooru booru = danbooru().withAccount("alice", "s3cret-key-0001");
    BooruQuery connection =
        BooruQuery.of(BooruSite.DANBOORU, "")
            .withBaseUrl(server.url("/").toString())
            .withCredentials(BooruCredentials.of("alice", "s3cret-key-0001"))
            .withRequestsPerSecond(10);

    TagData.from(connection).withCacheDir(cache).withMode(TagData.Mode.FETCH).load();

    assertThat(booru.refusedRequests()).isZero();
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("alice", "s3cret-key-0001"));
  }

  @Test
  void givenACorruptCache_saysWhichFileAndWhatToDo() throws Exception {
    Files.writeString(
        cache.resolve(server.getHostName() + "_" + server.getPort() + ".json"), "{\"format\": 1");

    assertThatThrownBy(() -> tagData(TagData.Mode.CACHED).load())
        .hasMessageContaining("cannot be read: it is not JSON")
        .hasMessageContaining("TagData.Mode.REFRESH");
  }
}
