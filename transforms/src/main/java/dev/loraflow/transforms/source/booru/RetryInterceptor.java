package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries what time may cure: 429, 5xx and I/O failures (timeouts, resets), with exponential
 * backoff, or the server's {@code Retry-After} when it sends one. Other answers (401, 403, 404,
 * 422) return at once: repeating them only annoys the site. The last failure is returned or thrown
 * as is, for the caller to turn into a clear error.
 */
final class RetryInterceptor implements Interceptor {

  private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);
  // A Retry-After longer than this is capped: a scrape should not silently stall for an hour.
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Clock clock;
  private final Redactor redactor;

  RetryInterceptor(int maxAttempts, Duration firstBackoff, Clock clock, Redactor redactor) {
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.clock = clock;
    this.redactor = redactor;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String problem;
      try {
        Response response = chain.proceed(request);
        if (!isRetryable(response.code()) || attempt >= maxAttempts) {
          return response;
        }
        wait = retryAfter(response).orElse(backoff(attempt));
        problem = "HTTP " + response.code();
        response.close();
      } catch (IOException e) {
        if (attempt >= maxAttempts || chain.call().isCanceled()) {
          throw e;
        }
        wait = backoff(attempt);
        problem = e.getClass().getSimpleName();
      }
      LOG.warn(
          "{} from {}; try {} of {} in {} ms",
          problem,
          redactor.url(request.url()),
          attempt + 1,
          maxAttempts,
          wait.toMillis());
      pause(wait);
    }
  }

  static boolean isRetryable(int code) {
    return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
  }

  private Duration backoff(int attempt) {
    Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  /** {@code Retry-After} as seconds or an HTTP date, capped at {@link #MAX_WAIT}. */
  static Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(Instant.now(), at);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
  }

  private void pause(Duration wait) throws InterruptedIOException {
    try {
      clock.sleep(wait.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to retry");
    }
  }
}
