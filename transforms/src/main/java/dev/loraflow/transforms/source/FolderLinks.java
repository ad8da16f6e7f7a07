package dev.loraflow.transforms.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Tells which paths under a local input folder lead out of it once links are resolved: a link to a
 * file elsewhere (a caption linked to someone's notes) must not put that file into a dataset.
 */
final class FolderLinks {
  private final Path realRoot;

  private FolderLinks(Path realRoot) {
    this.realRoot = realRoot;
  }

  /** For folder {@code root} if it is on the local disk; other file systems have no links. */
  static Optional<FolderLinks> of(String root) {
    ResourceId id = FileSystems.matchNewResource(root, true);
    if (!"file".equals(id.getScheme())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FolderLinks(Path.of(id.toString()).toRealPath()));
    } catch (IOException e) {
      return Optional.empty(); // no folder: the read fails on its own, naming it
    }
  }

  /** Whether {@code file} exists and its real path lies outside the folder (or nowhere). */
  boolean leadsOut(ResourceId file) {
    Path path = Path.of(file.toString());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      return !path.toRealPath().startsWith(realRoot);
    } catch (IOException e) {
      return true; // a link to nowhere
    }
  }
}
