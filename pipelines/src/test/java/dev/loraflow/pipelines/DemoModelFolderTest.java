package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelFolderTest {
  @TempDir Path dir;

  @Test
  void anEarlierDemoRunsFilesGo_anythingElseStays() throws Exception {
    Files.createDirectories(dir.resolve("sample"));
    for (String file :
        new String[] {
          "demo_chan-step00000050.safetensors",
          "demo_chan.safetensors",
          "loss.csv",
          "loss.png",
          "sample/demo_chan_000050_00_20261203072314_1.png",
          "notes.txt",
          "other-step00000050.safetensors",
          "sample/mine.png"
        }) {
      Files.writeString(dir.resolve(file), file);
    }

    assertThat(DemoModelFolder.clearEarlierRun(dir, "demo_chan")).isEqualTo(5);

    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .containsExactlyInAnyOrder(
              "notes.txt", "other-step00000050.safetensors", "sample/mine.png");
    }
  }

  @Test
  void aFolderThatIsNotThere_isNothingToClear() throws Exception {
    assertThat(DemoModelFolder.clearEarlierRun(dir.resolve("model"), "demo_chan")).isZero();
  }
}
