package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends an honest User-Agent naming loraflow, its version and who runs it. Danbooru's Cloudflare
 * challenges generic library agents and faked browser agents; e621 blocks both and asks for {@code
 * project/version (by user on e621)}.
 */
final class UserAgentInterceptor implements Interceptor {

  private final String userAgent;

  UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  // Maven writes this into every jar it builds; classes run from a build folder have none.
  private static final String POM_PROPERTIES =
      "/META-INF/maven/dev.loraflow/loraflow-transforms/pom.properties";
  private static final String VERSION = readVersion();

  /** {@code loraflow/0.1.0 (LoRA dataset builder; by alice on danbooru)}. */
  static String userAgentFor(BooruQuery query) {
    String contact = query.contact().isEmpty() ? query.credentials().login() : query.contact();
    String by = contact.isEmpty() ? "" : "; by " + contact + " on " + query.site().id();
    return "loraflow/" + VERSION + " (LoRA dataset builder" + by + ")";
  }

  private static String readVersion() {
    try (InputStream in = UserAgentInterceptor.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev"; // the User-Agent stays honest without the number
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
