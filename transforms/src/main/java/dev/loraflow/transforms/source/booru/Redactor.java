package dev.loraflow.transforms.source.booru;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Keeps an account's key out of every message: URLs lose their credential parameters, and any text
 * that reaches a log, an exception or a reject has the key replaced in every form it was sent in. A
 * server that echoes the request back shows the key URL-encoded in the query, or inside the base64
 * of {@code login:key} in an {@code Authorization: Basic} header; those forms go too, and so does
 * the value of any {@code Authorization} header or bearer token, whoever's it is.
 */
final class Redactor {

  private static final Set<String> SECRET_PARAMETERS =
      Set.of("api_key", "login", "user_id", "password_hash");
  private static final String HIDDEN = "REDACTED";
  // Authorization and Proxy-Authorization, as a header line, a JSON field or a query parameter.
  private static final Pattern AUTHORIZATION_VALUE =
      Pattern.compile(
          "(?i)(authorization\"?\\s*[:=]\\s*\"?)(?:(basic|bearer|token)\\s+)?[^\\s\",;&]+");
  private static final Pattern BEARER_TOKEN = Pattern.compile("(?i)\\b(bearer\\s+)[^\\s\",;&]+");

  // Longest first, so a form that contains another is replaced whole.
  private final List<String> forms;

  private Redactor(List<String> forms) {
    this.forms = forms;
  }

  static Redactor of(BooruCredentials credentials) {
    if (credentials.isAnonymous()) {
      return new Redactor(List.of());
    }
    Set<String> forms = new LinkedHashSet<>();
    String key = credentials.apiKey();
    forms.add(key);
    forms.addAll(urlEncodings(key));
    String pair = credentials.login() + ":" + key;
    // OkHttp's Credentials.basic encodes ISO-8859-1; other clients and echoes may use UTF-8.
    for (Charset charset : List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_8)) {
      byte[] bytes = pair.getBytes(charset);
      forms.add(Base64.getEncoder().encodeToString(bytes));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    // JSON may escape the slash of base64 or of a key.
    for (String form : List.copyOf(forms)) {
      forms.add(form.replace("/", "\\/"));
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(sorted));
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

  /** The text with every form of the key, and every authorization value, replaced. */
  String text(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (String form : forms) {
      redacted = redacted.replace(form, HIDDEN);
    }
    redacted = AUTHORIZATION_VALUE.matcher(redacted).replaceAll("$1" + HIDDEN);
    return BEARER_TOKEN.matcher(redacted).replaceAll("$1" + HIDDEN);
  }

  // The query value as OkHttp sends it, and as HTML forms encode it, in either case of hex.
  private static List<String> urlEncodings(String key) {
    String wire =
        HttpUrl.get("http://x/").newBuilder().addQueryParameter("k", key).build().encodedQuery();
    String form = URLEncoder.encode(key, StandardCharsets.UTF_8);
    List<String> encodings = new ArrayList<>();
    for (String encoding : List.of(wire.substring(2), form, form.replace("+", "%20"))) {
      encodings.add(encoding);
      encodings.add(lowerCaseEscapes(encoding));
    }
    return encodings;
  }

  private static String lowerCaseEscapes(String encoded) {
    return Pattern.compile("%[0-9A-F]{2}")
        .matcher(encoded)
        .replaceAll(match -> match.group().toLowerCase(Locale.ROOT));
  }
}
