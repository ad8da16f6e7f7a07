package dev.loraflow.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face access token, for private and gated repos. Read on the machine that downloads,
 * never carried in a pipeline or a config, and never printed: {@link #toString()} names only where
 * it came from.
 *
 * <p>Where it comes from, first found wins: the token file given as an option, the {@code HF_TOKEN}
 * environment variable, then the file {@code huggingface-cli login} writes ({@code $HF_TOKEN_PATH},
 * else {@code $HF_HOME/token}, else {@code ~/.cache/huggingface/token}), as huggingface_hub looks
 * them up.
 */
public final class HubToken {

  private final String value;
  private final String origin;

  private HubToken(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /** The token, if any; {@code tokenFile} may be null, and must exist when given. */
  public static Optional<HubToken> resolve(String tokenFile, Map<String, String> env)
      throws IOException {
    if (tokenFile != null) {
      Path file = Path.of(tokenFile);
      if (!Files.isRegularFile(file)) {
        throw new IOException("Hugging Face token file " + file + " does not exist");
      }
      return read(file);
    }
    String fromEnv = env.get("HF_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new HubToken(fromEnv.trim(), "HF_TOKEN"));
    }
    Path stored = storedTokenFile(env);
    return Files.isRegularFile(stored) ? read(stored) : Optional.empty();
  }

  /** Where huggingface_hub keeps the token of {@code huggingface-cli login}. */
  static Path storedTokenFile(Map<String, String> env) {
    if (env.get("HF_TOKEN_PATH") != null) {
      return Path.of(env.get("HF_TOKEN_PATH"));
    }
    if (env.get("HF_HOME") != null) {
      return Path.of(env.get("HF_HOME"), "token");
    }
    String cache = env.get("XDG_CACHE_HOME");
    Path base = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("huggingface").resolve("token");
  }

  /** The {@code Authorization} header value; it never leaves this package. */
  String bearer() {
    return "Bearer " + value;
  }

  /** Where the token was read, for messages: {@code HF_TOKEN} or the file's path. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "Hugging Face token from " + origin + " (hidden)";
  }

  private static Optional<HubToken> read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(new HubToken(token, file.toString()));
  }
}
