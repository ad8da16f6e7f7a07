package dev.loraflow.pipelines;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's model folder, which each demo run replaces: its checkpoints, loss log and previews are
 * deleted by their names before the next demo trains, so README command 1 runs again as it ran the
 * first time. Anything else in the folder is left alone.
 */
final class DemoModelFolder {

  private DemoModelFolder() {}

  /**
   * Deletes what an earlier demo run named {@code name} wrote into {@code dir}; returns how many.
   */
  static int clearEarlierRun(Path dir, String name) throws IOException {
    int deleted = 0;
    deleted += deleteMatching(dir, name + "*.safetensors");
    for (String file : List.of("loss.csv", "loss.png")) {
      deleted += Files.deleteIfExists(dir.resolve(file)) ? 1 : 0;
    }
    deleted += deleteMatching(dir.resolve("sample"), name + "_*.png");
    return deleted;
  }

  private static int deleteMatching(Path dir, String glob) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(file);
          deleted++;
        }
      }
    }
    return deleted;
  }
}
