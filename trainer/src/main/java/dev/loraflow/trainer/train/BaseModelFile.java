package dev.loraflow.trainer.train;

import dev.loraflow.hub.HubClient;
import dev.loraflow.hub.HubFile;
import dev.loraflow.hub.HubToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The base model as a file on local disk: {@link TrainingConfig#baseModel()} as given, or, for a
 * file on Hugging Face ({@code hf:owner/name[@revision]/file}, or its {@code
 * https://huggingface.co/owner/name/resolve/<revision>/<file>} or {@code .../blob/...} address),
 * that file fetched into {@link TrainingConfig#modelCacheDir()} through the {@code hub} module the
 * tagger uses: resumed after a broken connection, checked against the size and SHA-256 the Hub
 * announces, and read from the cache without network afterwards. {@code HF_ENDPOINT} names a
 * mirror; the token ({@code HF_TOKEN}, else the file {@code huggingface-cli login} writes) is sent
 * to the Hub only and never printed.
 */
final class BaseModelFile {

  private BaseModelFile() {}

  /** The local file of {@code config}'s base model, downloading it first if need be. */
  static Path resolve(TrainingConfig config, Map<String, String> env, PrintWriter out)
      throws IOException {
    String endpoint = HubClient.endpoint(env);
    Optional<HubFile> remote;
    try {
      remote = HubFile.parse(config.baseModel(), HubClient.parseEndpoint(endpoint));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TrainingConfig.baseModel: " + e.getMessage(), e);
    }
    if (remote.isEmpty()) {
      return Path.of(config.baseModel());
    }
    HubFile file = remote.get();
    Path target = file.cachedIn(cacheDir(config));
    if (Files.isRegularFile(target)) {
      return target; // cached: no token, no network
    }
    out.println("Downloading base model " + file + " from " + endpoint + " into " + target);
    out.flush();
    Optional<HubToken> token = HubToken.resolve(null, env);
    try {
      new HubClient(endpoint, token, new DownloadBar()).fetch(file, target);
    } catch (HubClient.AccessDenied e) {
      throw new IOException(
          "TrainingConfig.baseModel: Hugging Face refused "
              + file
              + " (HTTP "
              + e.code()
              + "). "
              + e.advice(),
          e);
    } catch (IOException e) {
      throw new IOException(
          "TrainingConfig.baseModel: downloading " + file + " failed: " + e.getMessage(), e);
    }
    return target;
  }

  private static Path cacheDir(TrainingConfig config) {
    return config.modelCacheDir() != null
        ? Path.of(config.modelCacheDir())
        : Path.of(System.getProperty("user.home"), ".cache", "loraflow", "models");
  }
}
