package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that echoes the request it got (headers, URL) in its error body, as debugging proxies
 * and some misconfigured sites do: the error must name no form of the key that was sent, whether
 * the site takes it as HTTP Basic (Danbooru, e621) or in the query (Gelbooru, Moebooru).
 */
class EchoedCredentialsTest {

  // Characters that every encoding changes: a slash, a plus, a space, an ampersand, a non-ASCII.
  // Numeric, as Gelbooru wants its user id.
  private static final String LOGIN = "4242";
  private static final String KEY = "K3y/LEAK+can ary&é=93f1";

  @StartStop private final MockWebServer server = new MockWebServer();

  @ParameterizedTest
  @EnumSource(
      value = BooruSite.class,
      names = {"DANBOORU", "E621", "GELBOORU", "YANDERE"})
  void givenAnErrorBodyThatIsTheRequest_noFormOfTheKeyIsPrinted(BooruSite site) {
    server.setDispatcher(echo(false));

    String message = errorOf(site);

    assertThat(message).contains("HTTP 400").contains("REDACTED");
    assertThat(formsOfTheKey()).allSatisfy(form -> assertThat(message).doesNotContain(form));
  }

  @ParameterizedTest
  @EnumSource(
      value = BooruSite.class,
      names = {"DANBOORU", "GELBOORU"})
  void givenAJsonMessageQuotingTheCredentialsWithoutHeaderNames_theyAreStillRedacted(
      BooruSite site) {
    server.setDispatcher(echo(true));

    String message = errorOf(site);

    assertThat(message).contains("HTTP 400").contains("saw REDACTED");
    assertThat(formsOfTheKey()).allSatisfy(form -> assertThat(message).doesNotContain(form));
  }

  private String errorOf(BooruSite site) {
    BooruQuery query =
        Fixtures.query(site, server, "solo").withCredentials(BooruCredentials.of(LOGIN, KEY));
    Throwable error = catchThrowable(() -> Fixtures.list(query, Fixtures.api(query)));
    assertThat(error).isInstanceOf(BooruApiException.class);
    return error.getMessage();
  }

  /**
   * Answers 400 with the request: as a dump whose first line (the one an error sums up) holds the
   * Authorization header and the request line, or as a JSON message that quotes the raw values.
   */
  private static Dispatcher echo(boolean bareValues) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String authorization = request.getHeaders().get("Authorization");
        String sent =
            authorization != null ? authorization.substring("Basic ".length()) : sentKey(request);
        String body =
            bareValues
                ? "{\"message\": \"saw "
                    + sent.replace("/", "\\/")
                    + " on "
                    + request.getTarget()
                    + "\"}"
                : (authorization == null ? "" : "Authorization: " + authorization + " ")
                    + request.getRequestLine()
                    + "\n"
                    + request.getHeaders();
        return new MockResponse.Builder().code(400).body(body).build();
      }
    };
  }

  // The key parameter's value as it came over the wire, still URL-encoded.
  private static String sentKey(RecordedRequest request) {
    for (String parameter : request.getUrl().encodedQuery().split("&")) {
      if (parameter.startsWith("api_key=") || parameter.startsWith("password_hash=")) {
        return parameter.substring(parameter.indexOf('=') + 1);
      }
    }
    throw new AssertionError("no key in " + request.getRequestLine());
  }

  private static List<String> formsOfTheKey() {
    String pair = LOGIN + ":" + KEY;
    String wire =
        HttpUrl.get("http://x/").newBuilder().addQueryParameter("k", KEY).build().toString();
    return List.of(
        KEY,
        URLEncoder.encode(KEY, StandardCharsets.UTF_8),
        wire.substring(wire.indexOf("k=") + 2),
        Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.ISO_8859_1)),
        Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
        "93f1");
  }
}
