package dev.loraflow.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * Hugging Face as MockWebServer plays it: {@code /<repo>/resolve/<revision>/<file>} answers 302
 * with {@code X-Linked-Size} and {@code X-Linked-Etag} (the SHA-256), the redirect target serves
 * the bytes and honours {@code Range}. It can cut the first transfers short, announce a wrong hash,
 * or play a gated repo: 401 without a token, 403 with one that is not the right {@code Bearer}.
 */
public final class FakeHub extends Dispatcher {

  private static final Pattern RESOLVE = Pattern.compile("([^/]+/[^/]+)/resolve/([^/]+)/(.+)");

  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger transfersToCut = new AtomicInteger();
  private volatile boolean wrongHash;
  private volatile String requiredToken;

  /** A file on the main branch. */
  public FakeHub serve(String repo, String file, byte[] content) {
    return serve(repo, "main", file, content);
  }

  /** A file at a revision; the file name may include folders. */
  public FakeHub serve(String repo, String revision, String file, byte[] content) {
    files.put(revision + "/" + repo + "/" + file, content);
    return this;
  }

  /** Resolve requests without a token get a 401, with another token a 403. */
  public FakeHub requireToken(String token) {
    requiredToken = token;
    return this;
  }

  /** The next {@code count} transfers stop halfway, the connection dropped. */
  public FakeHub cutTransfers(int count) {
    transfersToCut.set(count);
    return this;
  }

  public FakeHub announceWrongHash() {
    wrongHash = true;
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath().substring(1);
    if (path.startsWith("cdn/")) {
      return transfer(files.get(path.substring(4)), request.getHeaders().get("Range"));
    }
    Matcher resolve = RESOLVE.matcher(path);
    if (!resolve.matches()) {
      return new MockResponse.Builder().code(404).build();
    }
    String authorization = request.getHeaders().get("Authorization");
    if (requiredToken != null && authorization == null) {
      return new MockResponse.Builder().code(401).body("Invalid username or password.").build();
    }
    if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
      return new MockResponse.Builder().code(403).body("Access to model is restricted.").build();
    }
    String revision = URLDecoder.decode(resolve.group(2), StandardCharsets.UTF_8);
    String key = revision + "/" + resolve.group(1) + "/" + resolve.group(3);
    byte[] content = files.get(key);
    if (content == null) {
      return new MockResponse.Builder().code(404).build();
    }
    String sha256 = wrongHash ? sha256(new byte[] {42}) : sha256(content);
    return new MockResponse.Builder()
        .code(302)
        .setHeader("Location", "/cdn/" + key)
        .setHeader("X-Linked-Size", content.length)
        .setHeader("X-Linked-Etag", "\"" + sha256 + "\"")
        .build();
  }

  private MockResponse transfer(byte[] content, String range) {
    int start = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
    int length = content.length - start;
    MockResponse.Builder response = new MockResponse.Builder();
    if (start > 0) {
      response
          .code(206)
          .setHeader(
              "Content-Range",
              "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
    }
    if (transfersToCut.getAndDecrement() > 0) {
      return response
          .body(new Buffer().write(content, start, length / 2))
          .setHeader("Content-Length", length)
          .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
          .build();
    }
    return response.body(new Buffer().write(content, start, length)).build();
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
