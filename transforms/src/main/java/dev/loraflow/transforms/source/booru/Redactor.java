package dev.loraflow.transforms.source.booru;

import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Keeps an account's key out of every message: URLs lose their credential parameters, and any text
 * that reaches a log, an exception or a reject has the key itself replaced.
 */
final class Redactor {

  private static final Set<String> SECRET_PARAMETERS =
      Set.of("api_key", "login", "user_id", "password_hash");
  private static final String HIDDEN = "REDACTED";

  private final String secret;

  private Redactor(String secret) {
    this.secret = secret;
  }

  static Redactor of(BooruCredentials credentials) {
    return new Redactor(credentials.apiKey());
  }

  /** The URL with credential parameters replaced, fit for a message. */
  String url(HttpUrl url) {
    HttpUrl.Builder builder = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      if (SECRET_PARAMETERS.contains(name)) {
        builder.setQueryParameter(name, HIDDEN);
      }
    }
    return text(builder.build().toString());
  }

  /** The text with the key replaced wherever it appears (a server may echo it back). */
  String text(String text) {
    if (text == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, HIDDEN);
  }
}
