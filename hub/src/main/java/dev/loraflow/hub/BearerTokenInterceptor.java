package dev.loraflow.hub;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends the Hugging Face token as {@code Authorization: Bearer}. An application interceptor, so it
 * sees only the request to the Hub: OkHttp drops the header when the Hub redirects to its CDN on
 * another host, and the signed CDN URL needs none.
 */
final class BearerTokenInterceptor implements Interceptor {

  private final HubToken token;

  BearerTokenInterceptor(HubToken token) {
    this.token = token;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain.request().newBuilder().header("Authorization", token.bearer()).build());
  }
}
