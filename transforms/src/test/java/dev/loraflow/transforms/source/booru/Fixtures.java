package dev.loraflow.transforms.source.booru;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** Shared bits of the booru tests: recorded API pages, JSON answers, listing a query. */
final class Fixtures {

  /** A key nobody would type: if it shows up anywhere but the wire, it leaked. */
  static final String KEY = "K3y-LEAK-canary-93f1d0c7e5";

  private Fixtures() {}

  /** A recorded page from {@code src/test/resources/booru/}. */
  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/booru/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse status(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  /** A query of {@code site} against {@code server}, fast enough for tests. */
  static BooruQuery query(BooruSite site, MockWebServer server, String tags) {
    return BooruQuery.of(site, tags)
        .withBaseUrl(server.url("/").toString())
        .withRequestsPerSecond(site.maxRequestsPerSecond())
        .withDownloads(100, 4)
        .withRetries(3, Duration.ZERO);
  }

  /** The dialect of {@code query}'s site, as the source's first query. */
  static BooruApi api(BooruQuery query) {
    return query.site().family().api(query, 0);
  }

  /** A reader of {@code query}'s API through the real client. */
  static ApiReader reader(BooruQuery query) {
    return new ApiReader(query, BooruHttp.apiClient(query, Clock.SYSTEM));
  }

  /** Every post {@code query} lists through the real client. */
  static List<BooruPost> list(BooruQuery query, BooruApi api) throws IOException {
    return list(query, api, BooruHttp.apiClient(query, Clock.SYSTEM));
  }

  /** Every post {@code query} lists, and what the listing wrote to standard error (its log). */
  static Listing listLogged(BooruQuery query, BooruApi api) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      return new Listing(list(query, api), log.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  record Listing(List<BooruPost> posts, String log) {}

  static List<BooruPost> list(BooruQuery query, BooruApi api, OkHttpClient client)
      throws IOException {
    List<BooruPost> posts = new ArrayList<>();
    new PostLister(query, api, client).list(posts::add, () -> {});
    return posts;
  }
}
