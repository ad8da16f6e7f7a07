package dev.loraflow.hub;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * One file of a Hugging Face repo at a revision.
 *
 * @param repo {@code owner/name}
 * @param revision a branch, tag or commit ({@code main}, {@code v2}, {@code refs/pr/1})
 * @param path the file's path in the repo; it may sit in folders ({@code unet/model.safetensors})
 */
public record HubFile(String repo, String revision, String path) {

  /** The default branch. */
  public static final String MAIN = "main";

  private static final Pattern REPO = Pattern.compile("[\\w.-]+/[\\w.-]+");
  private static final Pattern REVISION = Pattern.compile("[\\w.-]+(/[\\w.-]+)*");
  private static final Pattern SHORT_FORM =
      Pattern.compile("hf:(?://)?([\\w.-]+/[\\w.-]+)(?:@([^/]+))?/(.+)");
  private static final String FORMS =
      "hf:<owner>/<name>[@<revision>]/<file>, or"
          + " https://huggingface.co/<owner>/<name>/resolve/<revision>/<file>";

  public HubFile {
    if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
      throw new IllegalArgumentException("Not a Hugging Face repo id (owner/name): '" + repo + "'");
    }
    checkRevision(revision);
    if (path == null
        || path.isEmpty()
        || path.startsWith("/")
        || path.endsWith("/")
        || List.of(path.split("/")).contains("..")
        || path.contains("//")) {
      throw new IllegalArgumentException("Not a file path in a repo: '" + path + "'");
    }
  }

  /** The revision, or IllegalArgumentException if it cannot be one (URL segment, folder name). */
  public static String checkRevision(String revision) {
    if (revision == null || !REVISION.matcher(revision).matches() || revision.contains("..")) {
      throw new IllegalArgumentException(
          "Not a Hugging Face revision (branch, tag or commit): '" + revision + "'");
    }
    return revision;
  }

  /**
   * The file {@code reference} names, or empty when it names none (a local path): {@code
   * hf:owner/name/file} (or {@code hf:owner/name@revision/file}), or a file's page or download
   * address on Hugging Face or on {@code endpoint}, {@code
   * https://huggingface.co/owner/name/resolve/main/file} ({@code blob} for {@code resolve} too).
   * IllegalArgumentException for a reference that starts like one but is none.
   */
  public static Optional<HubFile> parse(String reference, HttpUrl endpoint) {
    if (reference.startsWith("hf:")) {
      Matcher form = SHORT_FORM.matcher(reference);
      if (!form.matches()) {
        throw new IllegalArgumentException(
            "Not a Hugging Face file: '" + reference + "'; expected " + FORMS);
      }
      String revision = form.group(2) == null ? MAIN : form.group(2);
      return Optional.of(new HubFile(form.group(1), revision, form.group(3)));
    }
    if (!reference.startsWith("http://") && !reference.startsWith("https://")) {
      return Optional.empty();
    }
    HttpUrl url = HttpUrl.parse(reference);
    List<String> segments = url == null ? List.of() : url.pathSegments();
    boolean onHub =
        url != null
            && (url.host().equals("huggingface.co")
                || url.host().equals(endpoint.host()) && url.port() == endpoint.port());
    if (!onHub
        || segments.size() < 5
        || !List.of("resolve", "blob").contains(segments.get(2))
        || segments.get(segments.size() - 1).isEmpty()) {
      throw new IllegalArgumentException(
          "Not the address of a Hugging Face file: '" + reference + "'; expected " + FORMS);
    }
    String repo = segments.get(0) + "/" + segments.get(1);
    String revision = URLDecoder.decode(segments.get(3), StandardCharsets.UTF_8);
    String path = String.join("/", segments.subList(4, segments.size()));
    return Optional.of(new HubFile(repo, revision, path));
  }

  /**
   * Where this file is kept under {@code cacheDir}: {@code <owner>_<name>/<path>}, as kohya names
   * its model folders, or {@code <owner>_<name>@<revision>/<path>} for a revision other than {@code
   * main}, so a pinned file never mixes with main's.
   */
  public Path cachedIn(Path cacheDir) {
    String folder = repo.replace('/', '_');
    if (!revision.equals(MAIN)) {
      folder += "@" + revision.replace("/", "%2F");
    }
    return cacheDir.resolve(folder).resolve(path);
  }

  /** {@code hf:owner/name[@revision]/path}, the short form {@link #parse} reads. */
  @Override
  public String toString() {
    return "hf:" + repo + (revision.equals(MAIN) ? "" : "@" + revision) + "/" + path;
  }
}
