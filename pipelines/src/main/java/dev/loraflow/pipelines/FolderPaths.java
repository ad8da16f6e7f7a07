package dev.loraflow.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Whether one folder lies inside another, as the file system sees them: links resolved. */
final class FolderPaths {
  private FolderPaths() {}

  /** Whether {@code inner} is {@code outer} or lies inside it; either may not exist yet. */
  static boolean contains(String outer, String inner) {
    ResourceId outerId = FileSystems.matchNewResource(outer, true);
    ResourceId innerId = FileSystems.matchNewResource(inner, true);
    if ("file".equals(outerId.getScheme()) && "file".equals(innerId.getScheme())) {
      return real(Path.of(inner)).startsWith(real(Path.of(outer)));
    }
    // Object stores have no links; a folder id ends with '/', so a prefix is a whole folder.
    return innerId.toString().startsWith(outerId.toString());
  }

  // The real path of the nearest existing ancestor, with the rest of the path after it.
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      throw new IllegalArgumentException("'" + path + "' cannot be resolved: " + e.getMessage(), e);
    }
  }
}
