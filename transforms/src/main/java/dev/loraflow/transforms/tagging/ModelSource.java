package dev.loraflow.transforms.tagging;

import com.google.auto.value.AutoValue;
import dev.loraflow.hub.HubClient;
import dev.loraflow.hub.HubFile;
import dev.loraflow.hub.HubToken;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import dev.loraflow.transforms.tagging.onnx.ModelFormat;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the tagger model comes from: a local folder holding {@code model.onnx} and {@code
 * selected_tags.csv} (or {@code model_optimized.onnx} and {@code tag_mapping.json}), or a Hugging
 * Face repo id, fetched on first use into the cache folder and read from there without network
 * afterwards. As in kohya's script:
 *
 * <ul>
 *   <li>{@code owner/name} ({@code SmilingWolf/wd-swinv2-tagger-v3}) is a WD14 repo, {@code
 *       model.onnx} + {@code selected_tags.csv}, kept in {@code <cacheDir>/<owner>_<name>/};
 *   <li>{@code owner/name/subdir} names a folder of the repo holding {@code model_optimized.onnx} +
 *       {@code tag_mapping.json}, kept in {@code <cacheDir>/<owner>_<name>/<subdir>/}.
 * </ul>
 *
 * A revision other than {@code main} (a commit, tag or branch) has its own folder, {@code
 * <owner>_<name>@<revision>}, so a pinned model never mixes with main's files.
 */
@AutoValue
abstract class ModelSource implements Serializable {

  private static final Pattern REPO_ID = Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w.-]+)*");

  /** A folder path or a repo id. */
  abstract String location();

  /** The branch, tag or commit of a repo id. */
  abstract String revision();

  abstract String cacheDir();

  /** Hugging Face's address, or a mirror's. */
  abstract String baseUrl();

  /** A file holding the Hugging Face token; absent, {@link HubToken} looks in the usual places. */
  abstract @Nullable String tokenFile();

  static ModelSource of(
      String location, String revision, String cacheDir, String baseUrl, String tokenFile) {
    return new AutoValue_ModelSource(location, revision, cacheDir, baseUrl, tokenFile);
  }

  /**
   * True when {@link #location()} names no existing folder but looks like {@code owner/name} or
   * {@code owner/name/subdir}.
   */
  boolean isRepoId() {
    return !Files.isDirectory(Path.of(location()))
        && REPO_ID.matcher(location()).matches()
        && !location().contains("..");
  }

  /** The model's files on local disk, downloading them first if needed. */
  ModelFiles resolve() throws IOException {
    return resolve(System.getenv());
  }

  /** As {@link #resolve()}, with the token looked up in {@code env}. */
  ModelFiles resolve(Map<String, String> env) throws IOException {
    Path dir = Path.of(location());
    if (Files.isDirectory(dir)) {
      return ModelFiles.in(dir);
    }
    if (!isRepoId()) {
      throw new IOException(
          "WD14 model "
              + location()
              + " is neither a folder nor a Hugging Face repo id"
              + " (owner/name, or owner/name/subdir)");
    }
    String[] parts = location().split("/", 3);
    String repo = parts[0] + "/" + parts[1];
    String prefix = parts.length == 3 ? parts[2] + "/" : "";
    ModelFormat format = parts.length == 3 ? ModelFormat.TAG_MAPPING : ModelFormat.SELECTED_TAGS;
    HubFile labels = new HubFile(repo, revision(), prefix + format.labelsFile());
    HubFile onnx = new HubFile(repo, revision(), prefix + format.onnxFile());
    Path cached = labels.cachedIn(Path.of(cacheDir())).getParent();
    ModelFiles files = ModelFiles.in(cached, format);
    if (files.exist()) {
      return files; // cached: no token, no network
    }
    Optional<HubToken> token = HubToken.resolve(tokenFile(), env);
    HubClient hub = new HubClient(baseUrl(), token, ProgressBarDownloads.INSTANCE);
    try {
      hub.fetch(labels, files.labels());
      hub.fetch(onnx, files.onnx());
    } catch (HubClient.AccessDenied e) {
      throw new IOException(refused(e), e);
    } catch (IOException e) {
      throw new IOException(
          "WD14 model "
              + location()
              + " is no local folder, and fetching it as a Hugging Face repo"
              + " into "
              + cached
              + " failed: "
              + e.getMessage(),
          e);
    }
    return files;
  }

  private String refused(HubClient.AccessDenied e) {
    return "Hugging Face refused WD14 model repo "
        + location()
        + " at revision "
        + revision()
        + " (HTTP "
        + e.code()
        + "). "
        + e.advice();
  }
}
