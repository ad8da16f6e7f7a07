package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.image.Hashes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * A booru of one API family on a MockWebServer: pages of {@link Post}s in that family's JSON shape
 * (newest first, numbered pages and {@code b<id>} cursors), and their files under {@code /files/}.
 * Tests script failures with {@link #thenApi} and {@link #thenFile}; everything else is answered
 * from the posts.
 */
final class FakeBooru extends Dispatcher {

  /** A post and its file; {@code hidden} posts are listed without file URL and md5. */
  record Post(
      long id,
      String ext,
      String rating,
      int score,
      int width,
      int height,
      List<String> general,
      boolean hidden,
      int size) {

    static Post of(long id) {
      return new Post(id, "png", "g", 10, 1024, 1024, List.of("1girl", "solo"), false, 64);
    }

    Post withRating(String value) {
      return new Post(id, ext, value, score, width, height, general, hidden, size);
    }

    Post withExt(String value) {
      return new Post(id, value, rating, score, width, height, general, hidden, size);
    }

    Post withGeneral(String... tags) {
      return new Post(id, ext, rating, score, width, height, List.of(tags), hidden, size);
    }

    Post hide() {
      return new Post(id, ext, rating, score, width, height, general, true, size);
    }

    Post withSize(int bytes) {
      return new Post(id, ext, rating, score, width, height, general, hidden, bytes);
    }

    /** The file: distinct per id, {@code size} bytes. */
    byte[] bytes() {
      byte[] seed = ("image-" + id + "-").getBytes(StandardCharsets.US_ASCII);
      byte[] bytes = new byte[Math.max(size, seed.length)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = seed[i % seed.length];
      }
      return bytes;
    }

    String md5() {
      return Hashes.md5Hex(bytes());
    }
  }

  private final ApiFamily family;
  private final List<Post> posts;
  private final Map<String, Post> byMd5 = new ConcurrentHashMap<>();
  private final Map<Long, String> md5s = new ConcurrentHashMap<>();
  private final Queue<MockResponse> apiScript = new ConcurrentLinkedQueue<>();
  private final Queue<MockResponse> fileScript = new ConcurrentLinkedQueue<>();
  private final AtomicInteger apiRequests = new AtomicInteger();
  private final AtomicInteger fileRequests = new AtomicInteger();
  private final long[] apiSpan = {Long.MAX_VALUE, Long.MIN_VALUE};
  private final long[] fileSpan = {Long.MAX_VALUE, Long.MIN_VALUE};
  private final AtomicInteger filesInFlight = new AtomicInteger();
  private final AtomicInteger mostFilesInFlight = new AtomicInteger();
  private HttpUrl fileBase;
  private long latencyMillis;

  FakeBooru(ApiFamily family, MockWebServer server, List<Post> posts) {
    this.family = family;
    this.posts = new ArrayList<>(posts);
    this.posts.sort(Comparator.comparingLong(Post::id).reversed());
    this.posts.forEach(
        post -> {
          md5s.put(post.id(), post.md5());
          byMd5.put(post.md5(), post);
        });
    this.fileBase = server.url("/files/");
    server.setDispatcher(this);
  }

  /** Serves files from another host name of the same server (e.g. 127.0.0.1 vs localhost). */
  FakeBooru withFileHost(String host) {
    fileBase = fileBase.newBuilder().host(host).build();
    return this;
  }

  /** Delays every answer, like a server far away. */
  FakeBooru withLatency(long millis) {
    latencyMillis = millis;
    return this;
  }

  /** The next API request gets {@code response} instead of a page. */
  FakeBooru thenApi(MockResponse response) {
    apiScript.add(response);
    return this;
  }

  /** The next file request gets {@code response} instead of the file. */
  FakeBooru thenFile(MockResponse response) {
    fileScript.add(response);
    return this;
  }

  int apiRequests() {
    return apiRequests.get();
  }

  int fileRequests() {
    return fileRequests.get();
  }

  /** API requests per second between the first and the last one. */
  double apiRate() {
    return rate(apiRequests.get(), apiSpan);
  }

  /** File requests per second between the first and the last one. */
  double fileRate() {
    return rate(fileRequests.get(), fileSpan);
  }

  private static synchronized double rate(int count, long[] span) {
    return count < 2 ? 0 : (count - 1) / ((span[1] - span[0]) / 1e9);
  }

  private static synchronized void stamp(long[] span) {
    long now = System.nanoTime();
    span[0] = Math.min(span[0], now);
    span[1] = Math.max(span[1], now);
  }

  /** The most file requests this server was answering at one time. */
  int mostFilesInFlight() {
    return mostFilesInFlight.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    HttpUrl url = request.getUrl();
    boolean file = url.encodedPath().startsWith("/files/");
    (file ? fileRequests : apiRequests).incrementAndGet();
    stamp(file ? fileSpan : apiSpan);
    if (file) {
      mostFilesInFlight.accumulateAndGet(filesInFlight.incrementAndGet(), Math::max);
    }
    try {
      // Each connection has its own server thread, so sleeping here delays only this answer.
      TimeUnit.MILLISECONDS.sleep(latencyMillis);
      MockResponse scripted = (file ? fileScript : apiScript).poll();
      return scripted != null ? scripted : file ? file(url) : page(url);
    } finally {
      if (file) {
        filesInFlight.decrementAndGet();
      }
    }
  }

  private MockResponse file(HttpUrl url) {
    String name = url.pathSegments().get(url.pathSegments().size() - 1);
    Post post = byMd5.get(name.substring(0, name.indexOf('.')));
    if (post == null) {
      return new MockResponse.Builder().code(404).body("no such file").build();
    }
    return new MockResponse.Builder()
        .addHeader("Content-Type", "image/" + post.ext())
        .body(new Buffer().write(post.bytes()))
        .build();
  }

  private MockResponse page(HttpUrl url) {
    int limit = Integer.parseInt(url.queryParameter("limit"));
    List<Post> page =
        switch (family) {
          case GELBOORU -> slice(Integer.parseInt(url.queryParameter("pid")) * limit, limit);
          default -> {
            String token = url.queryParameter("page");
            if (token.startsWith("b")) {
              long before = Long.parseLong(token.substring(1));
              yield posts.stream().filter(post -> post.id() < before).limit(limit).toList();
            }
            yield slice((Integer.parseInt(token) - 1) * limit, limit);
          }
        };
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(json(page))
        .build();
  }

  private List<Post> slice(int offset, int limit) {
    return posts.subList(Math.min(offset, posts.size()), Math.min(offset + limit, posts.size()));
  }

  private String json(List<Post> page) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    page.forEach(post -> array.add(postJson(post)));
    return switch (family) {
      case GELBOORU -> {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("@attributes")
            .put("limit", page.size())
            .put("offset", 0)
            .put("count", posts.size());
        if (!page.isEmpty()) {
          root.set("post", array); // gelbooru leaves "post" out when nothing matched
        }
        yield root.toString();
      }
      case E621 -> {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("posts", array);
        yield root.toString();
      }
      default -> array.toString();
    };
  }

  private ObjectNode postJson(Post post) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("id", post.id());
    String fileUrl =
        post.hidden() ? null : fileBase.resolve(md5s.get(post.id()) + "." + post.ext()).toString();
    String md5 = post.hidden() ? null : md5s.get(post.id());
    String general = String.join(" ", post.general());
    switch (family) {
      case DANBOORU -> {
        node.put("score", post.score())
            .put("rating", post.rating())
            .put("image_width", post.width())
            .put("image_height", post.height())
            .put("file_ext", post.ext())
            .put("file_size", post.size())
            .put("tag_string", general + " test_character")
            .put("tag_string_general", general)
            .put("tag_string_character", "test_character")
            .put("tag_string_copyright", "test_series")
            .put("tag_string_artist", "test_artist")
            .put("tag_string_meta", "highres");
        if (!post.hidden()) {
          node.put("md5", md5).put("file_url", fileUrl);
        }
      }
      case GELBOORU ->
          node.put("score", post.score())
              .put("rating", ratingWord(post.rating()))
              .put("width", post.width())
              .put("height", post.height())
              .put("md5", md5)
              .put("file_url", fileUrl)
              .put("tags", general);
      case MOEBOORU ->
          node.put("score", post.score())
              .put("rating", post.rating())
              .put("width", post.width())
              .put("height", post.height())
              .put("md5", md5)
              .put("file_url", fileUrl)
              .put("file_ext", post.ext())
              .put("tags", general);
      case E621 -> {
        node.putObject("file")
            .put("width", post.width())
            .put("height", post.height())
            .put("ext", post.ext())
            .put("size", post.size())
            .put("md5", md5s.get(post.id()))
            .put("url", fileUrl);
        node.putObject("score").put("up", post.score()).put("down", 0).put("total", post.score());
        ObjectNode tags = node.putObject("tags");
        post.general().forEach(tags.putArray("general")::add);
        tags.putArray("species").add("fox");
        tags.putArray("character").add("test_character");
        node.put("rating", post.rating());
      }
    }
    return node;
  }

  private static String ratingWord(String code) {
    return switch (code) {
      case "g" -> "general";
      case "s" -> "sensitive";
      case "q" -> "questionable";
      default -> "explicit";
    };
  }
}
