package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Hashes;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches a post's file and proves it is the file the API described: its md5 must match. A body cut
 * short or a wrong md5 is fetched again (up to the query's attempts, with backoff); statuses and
 * connection failures were already retried by the client's {@link RetryInterceptor}. At most the
 * configured number of downloads run at once per file host.
 */
final class Downloader {

  /** Why a file could not be had; the message is safe for a rejects report. */
  static final class DownloadFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    DownloadFailedException(String message) {
      super(message);
    }
  }

  private final BooruQuery query;
  private final OkHttpClient client;
  private final Clock clock;
  private final Redactor redactor;

  Downloader(BooruQuery query, OkHttpClient client, Clock clock) {
    this.query = query;
    this.client = client;
    this.clock = clock;
    this.redactor = Redactor.of(query.credentials());
  }

  /** The file's bytes, their md5 equal to the post's. */
  byte[] download(BooruPost post) throws DownloadFailedException, InterruptedException {
    HttpUrl url = HttpUrl.parse(post.fileUrl());
    if (url == null) {
      throw new DownloadFailedException(
          "the file URL is not an http(s) URL: " + redactor.text(post.fileUrl()));
    }
    Semaphore slots =
        HostLimits.concurrency(
            "download", url.host() + ":" + url.port(), query.maxConcurrentDownloads());
    String problem = "";
    for (int attempt = 1; attempt <= query.maxAttempts(); attempt++) {
      if (attempt > 1) {
        clock.sleep(query.firstBackoff().multipliedBy(1L << Math.min(attempt - 2, 20)).toNanos());
      }
      byte[] bytes;
      slots.acquire();
      try {
        bytes = fetch(url);
      } catch (BodyCutShort e) {
        problem = "the download broke off (" + redactor.text(e.getMessage()) + ")";
        continue;
      } finally {
        slots.release();
      }
      String md5 = Hashes.md5Hex(bytes);
      if (md5.equals(post.md5())) {
        return bytes;
      }
      problem = "md5 mismatch: the API says " + post.md5() + ", the file is " + md5;
    }
    throw new DownloadFailedException(problem + " after " + query.maxAttempts() + " tries");
  }

  private byte[] fetch(HttpUrl url) throws DownloadFailedException, BodyCutShort {
    Response response;
    try {
      response = client.newCall(new Request.Builder().url(url).build()).execute();
    } catch (IOException e) {
      throw new DownloadFailedException(
          "cannot reach "
              + redactor.url(url)
              + ": "
              + redactor.text(String.valueOf(e.getMessage())));
    }
    try (response) {
      if (!response.isSuccessful()) {
        throw new DownloadFailedException("HTTP " + response.code() + " from " + redactor.url(url));
      }
      try {
        return BoundedBody.bytes(response.body(), query.maxFileBytes());
      } catch (BoundedBody.TooLargeException e) {
        throw new DownloadFailedException(
            "the file at "
                + redactor.url(url)
                + " is too large: "
                + e.getMessage()
                + " (BooruQuery.withMaxResponseBytes)");
      } catch (IOException e) {
        throw new BodyCutShort(String.valueOf(e.getMessage()));
      }
    }
  }

  /** The response began but its body did not arrive whole: worth another try. */
  private static final class BodyCutShort extends Exception {
    private static final long serialVersionUID = 1L;

    BodyCutShort(String message) {
      super(message);
    }
  }
}
