package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Holds each request until its host's {@link RateLimiter} has a slot (retries included). */
final class RateLimitInterceptor implements Interceptor {

  private final String purpose;
  private final double perSecond;

  RateLimitInterceptor(String purpose, double perSecond) {
    this.purpose = purpose;
    this.perSecond = perSecond;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl url = chain.request().url();
    try {
      HostLimits.rate(purpose, url.host() + ":" + url.port(), perSecond).acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for the rate limit");
    }
    if (chain.call().isCanceled()) {
      throw new IOException("Canceled while waiting for the rate limit"); // nothing was sent
    }
    return chain.proceed(chain.request());
  }
}
