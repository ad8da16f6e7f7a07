package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any file either opens, with every tensor readable, or is refused with a {@link
 * SafetensorsFormatException} naming the file: no other exception, no error, no hang. Without
 * JAZZER_FUZZ this replays the committed inputs in {@code SafetensorsReaderFuzzTestInputs/file/}.
 */
class SafetensorsReaderFuzzTest {

  // One file, rewritten for each input: the reader only opens paths.
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    file = Files.createTempFile("fuzz", ".safetensors");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = "20s")
  void file(byte[] bytes) throws IOException {
    Files.write(file, bytes);
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      for (TensorInfo info : reader.tensors()) {
        assertThat(reader.read(info.name()).info()).isEqualTo(info);
      }
      assertThat(reader.metadata()).isNotNull();
    } catch (SafetensorsFormatException refused) {
      assertThat(refused.getMessage()).startsWith(file + ": not a valid safetensors file: ");
    }
  }
}
