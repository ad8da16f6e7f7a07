package dev.loraflow.transforms.source.booru;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client of the booru sources, and its per-query variants. Variants come from {@code
 * newBuilder()}, so every query and DoFn instance in the JVM shares one connection pool and thread
 * pool; each variant only adds its interceptors.
 */
final class BooruHttp {

  private static final OkHttpClient SHARED =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(20))
          .readTimeout(Duration.ofSeconds(60))
          .callTimeout(Duration.ofMinutes(5))
          .build();

  private BooruHttp() {}

  /** For the site's API: User-Agent, the account, the API rate, retries. */
  static OkHttpClient apiClient(BooruQuery query, Clock clock) {
    OkHttpClient.Builder builder =
        SHARED
            .newBuilder()
            .addInterceptor(new UserAgentInterceptor(UserAgentInterceptor.userAgentFor(query)));
    BooruCredentials credentials = query.credentials();
    if (!credentials.isAnonymous()) {
      builder.addInterceptor(query.site().family().auth(credentials));
    }
    return withPoliteness(builder, query, clock, "api", query.requestsPerSecond()).build();
  }

  /** For image files: no credentials (file hosts need none), the download rate, retries. */
  static OkHttpClient downloadClient(BooruQuery query, Clock clock) {
    OkHttpClient.Builder builder =
        SHARED
            .newBuilder()
            .addInterceptor(new UserAgentInterceptor(UserAgentInterceptor.userAgentFor(query)));
    return withPoliteness(builder, query, clock, "download", query.downloadsPerSecond()).build();
  }

  // Retry sits outside the rate limit, so every retry waits for its own slot.
  private static OkHttpClient.Builder withPoliteness(
      OkHttpClient.Builder builder,
      BooruQuery query,
      Clock clock,
      String purpose,
      double perSecond) {
    return builder
        .addInterceptor(
            new RetryInterceptor(
                query.maxAttempts(), query.firstBackoff(), clock, Redactor.of(query.credentials())))
        .addInterceptor(new RateLimitInterceptor(purpose, perSecond));
  }
}
