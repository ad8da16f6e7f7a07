package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.testing.TorchZipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly corrupted files either read or fail with an IOException naming the problem: never
 * another exception type, a hang or a JVM abort. Seeds are fixed so failures reproduce.
 */
class MutatedFilesTest {

  @TempDir Path dir;

  private static InMemoryTensors sample() {
    return new InMemoryTensors(Map.of("note", "fuzz"))
        .put(TensorData.ofFloats("a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}))
        .put(TensorData.ofFloats("b.bias", new long[] {4}, new float[] {7, 8, 9, 10}));
  }

  @Test
  void corruptedSafetensors_failOnlyWithIoExceptions() throws Exception {
    Path good = dir.resolve("good.safetensors");
    SafetensorsWriter.write(good, sample(), sample().metadata());
    byte[] original = Files.readAllBytes(good);
    Random random = new Random(5);
    for (int round = 0; round < 500; round++) {
      byte[] bytes = mutate(original, random, 8 + headerLength(original));
      Path file = Files.write(dir.resolve("m" + round + ".safetensors"), bytes);
      readEverything(file, () -> SafetensorsReader.open(file));
    }
  }

  @Test
  void corruptedCkptPickles_failOnlyWithIoExceptions() throws Exception {
    Path good = dir.resolve("good.ckpt");
    TorchZipWriter.write(good, sample());
    byte[] pickle;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(good.toFile())) {
      pickle = zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes();
    }
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      Path file = dir.resolve("m" + round + ".ckpt");
      TorchZipWriter.writeRawPickle(file, mutate(pickle, random, pickle.length));
      readEverything(file, () -> CkptReader.open(file));
    }
  }

  @Test
  void corruptedLegacyCkpts_failOnlyWithIoExceptions() throws Exception {
    Path good = dir.resolve("good-legacy.ckpt");
    TorchZipWriter.writeLegacy(good, sample());
    byte[] original = Files.readAllBytes(good);
    Random random = new Random(11);
    for (int round = 0; round < 500; round++) {
      Path file =
          Files.write(
              dir.resolve("m" + round + ".ckpt"), mutate(original, random, original.length));
      readEverything(file, () -> LegacyCkptReader.open(file));
    }
  }

  private interface Opener {
    TensorStore open() throws IOException;
  }

  private static void readEverything(Path file, Opener opener) {
    try (TensorStore store = opener.open()) {
      for (TensorInfo info : store.tensors()) {
        assertThat(store.read(info.name()).info()).isEqualTo(info);
      }
    } catch (IOException expected) {
      assertThat(expected.getMessage()).as(file.toString()).isNotBlank();
    }
  }

  /** Overwrites 1-3 random bytes in the first {@code span} bytes, or truncates the file. */
  private static byte[] mutate(byte[] original, Random random, int span) {
    if (random.nextInt(10) == 0) {
      return java.util.Arrays.copyOf(original, random.nextInt(original.length));
    }
    byte[] bytes = original.clone();
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      bytes[random.nextInt(Math.min(span, bytes.length))] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static int headerLength(byte[] file) {
    return (int) java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
  }
}
