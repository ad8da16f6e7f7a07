package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void given401_saysTheKeyWasRefusedWithoutQuotingIt() {
    server.enqueue(Fixtures.status(401, "{\"success\":false,\"message\":\"Invalid API key\"}"));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo")
            .withCredentials(BooruCredentials.of("alice", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOfSatisfying(BooruApiException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("danbooru refused the credentials")
        .hasMessageContaining("API key")
        .hasMessageNotContaining(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenGelbooruAskingForCredentialsUnder200_saysAnAccountIsNeeded() {
    server.enqueue(Fixtures.status(200, "\"Authentication required api-key & user-id\""));
    BooruQuery query = Fixtures.query(BooruSite.GELBOORU, server, "solo");

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("gelbooru wants an account for this search")
        .hasMessageContaining("login and API key");
  }

  @Test
  void given403CloudflareChallenge_explainsWhatItIsAndWhatToDo() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("cf-mitigated", "challenge")
            .addHeader("Content-Type", "text/html")
            .body(
                "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                    + "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\">"
                    + "</script></body></html>")
            .build());
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo");

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("Cloudflare challenge")
        .hasMessageContaining("User-Agent")
        .hasMessageContaining("HTTP 403");
  }

  @Test
  void givenDanbooruRefusingTheTagCountItself_namesTheLimitAndTheWayOut() {
    // The profile allows the search, the server still refuses it (e.g. a promotion just ended).
    server.enqueue(
        Fixtures.json("{\"level\": 20, \"level_string\": \"Member\", \"tag_query_limit\": null}"));
    server.enqueue(
        Fixtures.status(
            422,
            "{\"success\":false,\"error\":\"PostQuery::TagLimitError\",\"message\":\"You cannot"
                + " search for more than 2 tags at a time. Upgrade your account to search for more"
                + " tags at once.\"}"));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "a b c")
            .withCredentials(BooruCredentials.of("alice", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("allows 2 tags per search")
        .hasMessageContaining("\"a b c\"")
        .hasMessageContaining("fewer tags")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void givenMalformedJson_namesTheUrlWithItsSecretsRedacted() {
    server.enqueue(Fixtures.json("{\"post\": [ {\"id\": 1, "));
    BooruQuery query =
        Fixtures.query(BooruSite.GELBOORU, server, "solo")
            .withCredentials(BooruCredentials.of("777", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("malformed JSON")
        .hasMessageContaining("/index.php?page=dapi")
        .hasMessageContaining("api_key=REDACTED")
        .hasMessageContaining("user_id=REDACTED")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void givenAnObjectWhereDanbooruSendsAnArray_callsItMalformed() {
    server.enqueue(Fixtures.json("{\"posts\": []}"));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo");

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("expected posts as a JSON array");
  }

  @Test
  void givenAnErrorThatEchoesTheKey_scrubsItFromTheQuote() {
    server.enqueue(Fixtures.status(404, "no route for api_key=" + KEY));
    BooruQuery query =
        Fixtures.query(BooruSite.GELBOORU, server, "solo")
            .withCredentials(BooruCredentials.of("777", KEY));

    assertThatThrownBy(() -> Fixtures.list(query, Fixtures.api(query)))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("api_key=REDACTED")
        .hasMessageNotContaining(KEY);
  }
}
