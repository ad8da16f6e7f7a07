package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * HTTP Basic {@code login:api_key}, as Danbooru and e621 prefer it to URL parameters: the key then
 * never sits in a URL that a log or an error could print.
 */
final class BasicAuthInterceptor implements Interceptor {

  private final String header;

  BasicAuthInterceptor(BooruCredentials credentials) {
    this.header = Credentials.basic(credentials.login(), credentials.apiKey());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
  }
}
