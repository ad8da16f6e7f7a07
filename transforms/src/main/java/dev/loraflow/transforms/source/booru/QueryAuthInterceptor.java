package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Credentials as query parameters, for APIs that take no other form: Gelbooru's {@code api_key} +
 * {@code user_id}, Moebooru's {@code login} + {@code password_hash}. Added last, so only the wire
 * sees them; messages print URLs through {@link Redactor}.
 */
final class QueryAuthInterceptor implements Interceptor {

  private final String loginParameter;
  private final String keyParameter;
  private final BooruCredentials credentials;

  QueryAuthInterceptor(String loginParameter, String keyParameter, BooruCredentials credentials) {
    this.loginParameter = loginParameter;
    this.keyParameter = keyParameter;
    this.credentials = credentials;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl url =
        chain
            .request()
            .url()
            .newBuilder()
            .setQueryParameter(loginParameter, credentials.login())
            .setQueryParameter(keyParameter, credentials.apiKey())
            .build();
    return chain.proceed(chain.request().newBuilder().url(url).build());
  }
}
