package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends an honest User-Agent naming loraflow, its version and who runs it. Danbooru's Cloudflare
 * challenges generic library agents and faked browser agents; e621 blocks both and asks for
 * {@code project/version (by user on e621)}.
 */
final class UserAgentInterceptor implements Interceptor {

  private final String userAgent;

  UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  /** {@code loraflow/0.1.0 (dataset builder; by alice on danbooru)}. */
  static String userAgentFor(BooruQuery query) {
    String version = UserAgentInterceptor.class.getPackage().getImplementationVersion();
    String contact =
        query.contact().isEmpty() ? query.credentials().login() : query.contact();
    String by = contact.isEmpty() ? "" : "; by " + contact + " on " + query.site().id();
    return "loraflow/" + (version == null ? "dev" : version) + " (LoRA dataset builder" + by + ")";
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
