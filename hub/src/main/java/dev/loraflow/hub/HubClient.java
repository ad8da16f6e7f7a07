package dev.loraflow.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches one file of a Hugging Face repo into a local path, the way a 400 MB model or a 4 GB
 * checkpoint should be fetched: into {@code <file>.part}, resumed with an HTTP {@code Range} after
 * a broken connection (also in a later run), checked against the size and SHA-256 Hugging Face
 * announces ({@code X-Linked-Size}, {@code X-Linked-Etag} on the resolve redirect, for LFS files),
 * and renamed into place atomically, so a file under its final name is always complete. A file
 * already there is used without any network access. With a {@link HubToken}, requests to the Hub
 * carry it.
 */
public final class HubClient {

  /** Hugging Face's own address. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  private static final int ATTEMPTS = 3;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+)");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .connectTimeout(30, TimeUnit.SECONDS)
          .readTimeout(60, TimeUnit.SECONDS)
          .build();

  private final HttpUrl endpoint;
  private final Optional<HubToken> token;
  private final OkHttpClient client;
  private final DownloadProgress progress;

  /**
   * A client of {@code endpoint} (Hugging Face, a mirror, a test server) that sends {@code token}
   * if there is one and shows each transfer on {@code progress}.
   */
  public HubClient(String endpoint, Optional<HubToken> token, DownloadProgress progress) {
    this.endpoint = parseEndpoint(endpoint);
    this.token = token;
    this.client =
        token
            .map(t -> CLIENT.newBuilder().addInterceptor(new BearerTokenInterceptor(t)).build())
            .orElse(CLIENT);
    this.progress = progress;
  }

  /** The endpoint {@code HF_ENDPOINT} names in {@code env} (a mirror), else Hugging Face's. */
  public static String endpoint(Map<String, String> env) {
    String endpoint = env.get("HF_ENDPOINT");
    return endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint;
  }

  /** The endpoint, or IllegalArgumentException if it is no http(s) URL. */
  public static HttpUrl parseEndpoint(String endpoint) {
    HttpUrl url = HttpUrl.parse(endpoint);
    if (url == null) {
      throw new IllegalArgumentException("Not an http(s) URL: " + endpoint);
    }
    return url;
  }

  /** The address this client downloads from. */
  public HttpUrl endpoint() {
    return endpoint;
  }

  /**
   * {@code <endpoint>/<repo>/resolve/<revision>/<path>}, Hugging Face's download URL; the file may
   * sit in a folder ({@code sub/model.onnx}), and a revision with a slash ({@code refs/pr/1}) is
   * one escaped segment, as huggingface_hub sends it.
   */
  public HttpUrl urlOf(HubFile file) {
    return endpoint
        .newBuilder()
        .addPathSegments(file.repo())
        .addPathSegment("resolve")
        .addPathSegment(file.revision())
        .addPathSegments(file.path())
        .build();
  }

  /**
   * Makes sure {@code target} holds {@code file}, downloading it if it is not there yet. Several
   * threads or processes may ask for one target at once: one downloads, the others wait for it.
   *
   * @throws AccessDenied when the Hub refuses the request (401, 403)
   */
  public void fetch(HubFile file, Path target) throws IOException {
    if (Files.isRegularFile(target)) {
      return;
    }
    HttpUrl url = urlOf(file);
    Files.createDirectories(target.getParent());
    // Several workers of one pipeline may want the file at once: one downloads, the others wait.
    synchronized (JVM_LOCKS.computeIfAbsent(target.toAbsolutePath(), path -> new Object())) {
      Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock(); // held until the channel closes; keeps other processes out too
        if (!Files.isRegularFile(target)) {
          downloadWithRetries(url, target);
        }
      }
    }
  }

  private void downloadWithRetries(HttpUrl url, Path target) throws IOException {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Expected expected = downloadInto(url, part);
        verify(url, part, expected);
        Files.move(
            part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      } catch (TransferBroken e) {
        last = e; // the .part file keeps what arrived; the next attempt resumes from there
      }
    }
    throw new IOException(
        "Download of "
            + url
            + " broke off "
            + ATTEMPTS
            + " times; "
            + Files.size(part)
            + " bytes are kept in "
            + part
            + " and the next run resumes",
        last);
  }

  private Expected downloadInto(HttpUrl url, Path part) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    Request.Builder request = new Request.Builder().url(url);
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (response.code() == 416) {
        Files.delete(part); // the .part is not a prefix of this file: start over
        return downloadInto(url, part);
      }
      if (response.code() == 401 || response.code() == 403) {
        throw new AccessDenied(response.code(), url, token);
      }
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + " for " + url);
      }
      Expected expected = Expected.of(response);
      boolean resumed = response.code() == 206;
      if (resumed && expected.rangeStart != have) {
        throw new IOException(
            "Server resumed " + url + " at byte " + expected.rangeStart + ", expected " + have);
      }
      long start = resumed ? have : 0;
      copy(response.body(), part, start, expected.size, url);
      return expected;
    }
  }

  private void copy(ResponseBody body, Path part, long start, long size, HttpUrl url)
      throws IOException {
    StandardOpenOption mode =
        start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (InputStream in = body.byteStream();
        OutputStream out =
            Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        DownloadProgress.Transfer transfer =
            progress.start(url.pathSegments().get(url.pathSize() - 1), start, size)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while (true) {
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw new TransferBroken(url, e);
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        transfer.advance(n);
      }
    }
  }

  private static void verify(HttpUrl url, Path part, Expected expected) throws IOException {
    long actual = Files.size(part);
    if (expected.size >= 0 && actual < expected.size) {
      throw new TransferBroken(
          url, new IOException("got " + actual + " of " + expected.size + " bytes"));
    }
    if (expected.size >= 0 && actual > expected.size) {
      Files.delete(part);
      throw new IOException(
          url
              + ": got "
              + actual
              + " bytes, the server announced "
              + expected.size
              + "; deleted, run again");
    }
    if (expected.sha256 != null) {
      String sha256 = sha256(part);
      if (!sha256.equals(expected.sha256)) {
        Files.delete(part);
        throw new IOException(
            url
                + ": SHA-256 "
                + sha256
                + " does not match the announced "
                + expected.sha256
                + "; the download was deleted, run again");
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  /** What the server says the whole file is: its size and, for LFS files, its SHA-256. */
  private record Expected(long size, String sha256, long rangeStart) {

    static Expected of(Response response) {
      String linkedSize = header(response, "X-Linked-Size");
      String etag = header(response, "X-Linked-Etag");
      String sha256 = null;
      if (etag != null) {
        String bare = etag.replace("W/", "").replace("\"", "").toLowerCase(Locale.ROOT);
        sha256 = SHA256.matcher(bare).matches() ? bare : null;
      }
      long size = linkedSize != null ? Long.parseLong(linkedSize) : -1;
      long rangeStart = 0;
      String contentRange = response.header("Content-Range");
      Matcher range = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
      if (range != null && range.matches()) {
        rangeStart = Long.parseLong(range.group(1));
        size = Long.parseLong(range.group(2));
      } else if (size < 0 && response.code() == 200 && response.body().contentLength() >= 0) {
        size = response.body().contentLength();
      }
      return new Expected(size, sha256, rangeStart);
    }

    /** A header of the response or of a redirect that led to it (Hugging Face puts them there). */
    private static String header(Response response, String name) {
      for (Response r = response; r != null; r = r.priorResponse()) {
        String value = r.header(name);
        if (value != null) {
          return value;
        }
      }
      return null;
    }
  }

  /** The Hub refused the request: a private, gated or missing repo, or a token it does not take. */
  public static final class AccessDenied extends IOException {
    private final int code;
    private final Optional<HubToken> token;

    AccessDenied(int code, HttpUrl url, Optional<HubToken> token) {
      super("HTTP " + code + " for " + url);
      this.code = code;
      this.token = token;
    }

    /** 401 or 403. */
    public int code() {
      return code;
    }

    /** What may be wrong and what to do, by whether a token was sent (and from where). */
    public String advice() {
      if (token.isPresent()) {
        return "The token from "
            + token.get().origin()
            + " was sent: its account may lack access (a gated repo needs its terms accepted on"
            + " the repo's page), or the token is expired or lacks read permission.";
      }
      return "The repo may be private or gated, or not exist: a token may be needed. Set"
          + " HF_TOKEN, or log in with huggingface-cli, for an account that can read it.";
    }
  }

  /** The connection broke mid-file: what arrived is kept and the download can resume. */
  private static final class TransferBroken extends IOException {
    TransferBroken(HttpUrl url, IOException cause) {
      super("Download of " + url + " broke off: " + cause.getMessage(), cause);
    }
  }
}
