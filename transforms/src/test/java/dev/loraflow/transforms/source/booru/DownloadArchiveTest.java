package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadArchiveTest {

  @TempDir Path root;

  @Test
  void givenPartFilesOfACrashedRun_openingTheArchiveDeletesThemAndKeepsEverythingElse()
      throws Exception {
    Path folder = Files.createDirectories(root.resolve("files").resolve("ab"));
    Path abandoned = Files.writeString(folder.resolve("ab12345.part"), "half a file");
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path inFlight = Files.writeString(folder.resolve("ab67890.part"), "being written now");
    Path kept = Files.writeString(folder.resolve("ab12345.jpg"), "a whole file");
    Files.setLastModifiedTime(kept, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    new DownloadArchive(root);

    assertThat(abandoned).doesNotExist();
    assertThat(inFlight).exists();
    assertThat(kept).hasContent("a whole file");
  }

  @Test
  void givenNoFilesYet_opensWithoutCreatingAnything() throws Exception {
    Path fresh = root.resolve("new-archive");

    new DownloadArchive(fresh);

    assertThat(fresh).doesNotExist();
  }
}
