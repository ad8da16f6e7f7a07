package dev.loraflow.transforms.tagging;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the WD14 model comes from: a local folder holding {@code model.onnx} and {@code
 * selected_tags.csv}, or a Hugging Face repo id such as {@code SmilingWolf/wd-swinv2-tagger-v3},
 * fetched on first use into {@code <cacheDir>/<owner>_<name>/} (kohya's layout) and read from there
 * without network afterwards.
 */
@AutoValue
abstract class ModelSource implements Serializable {

  private static final Pattern REPO_ID = Pattern.compile("[\\w.-]+/[\\w.-]+");
  private static final String REVISION = "main";

  /** A folder path or a repo id. */
  abstract String location();

  abstract String cacheDir();

  /** Hugging Face's address, or a mirror's. */
  abstract String baseUrl();

  static ModelSource of(String location, String cacheDir, String baseUrl) {
    return new AutoValue_ModelSource(location, cacheDir, baseUrl);
  }

  /** True when {@link #location()} names no existing folder but looks like {@code owner/name}. */
  boolean isRepoId() {
    return !Files.isDirectory(Path.of(location())) && REPO_ID.matcher(location()).matches();
  }

  /** The model's files on local disk, downloading them first if needed. */
  ModelFiles resolve() throws IOException {
    Path dir = Path.of(location());
    if (Files.isDirectory(dir)) {
      return ModelFiles.in(dir);
    }
    if (!isRepoId()) {
      throw new IOException(
          "WD14 model " + location() + " is neither a folder nor a Hugging Face repo id (owner/name)");
    }
    Path cached = Path.of(cacheDir(), location().replace('/', '_'));
    ModelFiles files = ModelFiles.in(cached);
    ModelDownloader downloader = new ModelDownloader(baseUrl());
    try {
      downloader.fetch(downloader.urlOf(location(), REVISION, ModelFiles.LABELS), files.labels());
      downloader.fetch(downloader.urlOf(location(), REVISION, ModelFiles.ONNX), files.onnx());
    } catch (IOException e) {
      throw new IOException(
          "WD14 model " + location() + " is no local folder, and fetching it as a Hugging Face repo"
              + " into " + cached + " failed: " + e.getMessage(),
          e);
    }
    return files;
  }
}
