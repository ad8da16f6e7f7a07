package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A booru account: the login (Gelbooru: the numeric user id) and the API key from the account page
 * (Moebooru: the password hash). The key is readable only inside this package and never printed:
 * {@link #toString()} shows the login alone.
 *
 * <p>Where credentials come from, first found wins: explicit options, the environment ({@code
 * LORAFLOW_DANBOORU_LOGIN}, {@code LORAFLOW_DANBOORU_API_KEY}), then a properties file with {@code
 * danbooru.login=...} and {@code danbooru.apiKey=...} lines ({@link #defaultFile()} unless given).
 */
public final class BooruCredentials implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final BooruCredentials NONE = new BooruCredentials("", "");

  private final String login;
  private final String apiKey;

  private BooruCredentials(String login, String apiKey) {
    this.login = login;
    this.apiKey = apiKey;
  }

  /** An account; both parts are required (Danbooru refuses a login without a key). */
  public static BooruCredentials of(String login, String apiKey) {
    if (isBlank(login) || isBlank(apiKey)) {
      throw new IllegalArgumentException("A booru account needs both a login and an API key");
    }
    return new BooruCredentials(login.trim(), apiKey.trim());
  }

  /** Anonymous access: public posts only, and the site's anonymous limits (Danbooru: 2 tags). */
  public static BooruCredentials anonymous() {
    return NONE;
  }

  /** {@code ~/.config/loraflow/booru.properties}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".config", "loraflow", "booru.properties");
  }

  /**
   * The account for {@code site} from the options when both are given, else the environment, else
   * {@code file} (which may be absent), else anonymous.
   */
  public static BooruCredentials resolve(BooruSite site, String login, String apiKey, Path file) {
    return resolve(site, login, apiKey, file, System.getenv());
  }

  static BooruCredentials resolve(
      BooruSite site, String login, String apiKey, Path file, Map<String, String> env) {
    if (!isBlank(login) && !isBlank(apiKey)) {
      return of(login, apiKey);
    }
    String prefix = "LORAFLOW_" + site.id().toUpperCase(Locale.ROOT) + "_";
    if (!isBlank(env.get(prefix + "LOGIN")) && !isBlank(env.get(prefix + "API_KEY"))) {
      return of(env.get(prefix + "LOGIN"), env.get(prefix + "API_KEY"));
    }
    if (file != null && Files.isRegularFile(file)) {
      Properties properties = read(file);
      String fileLogin = properties.getProperty(site.id() + ".login");
      String fileKey = properties.getProperty(site.id() + ".apiKey");
      if (!isBlank(fileLogin) && !isBlank(fileKey)) {
        return of(fileLogin, fileKey);
      }
    }
    return NONE;
  }

  public boolean isAnonymous() {
    return login.isEmpty();
  }

  public String login() {
    return login;
  }

  String apiKey() {
    return apiKey;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BooruCredentials that
        && login.equals(that.login)
        && apiKey.equals(that.apiKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(login, apiKey);
  }

  @Override
  public String toString() {
    return isAnonymous() ? "anonymous" : login + " (API key hidden)";
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read booru credentials file " + file, e);
    }
    return properties;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
