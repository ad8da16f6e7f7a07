package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any pickle, read as the {@code data.pkl} of a zip checkpoint and as a legacy torch.save file,
 * either gives tensors that all read or is refused with an IOException (an {@link
 * UnsafePickleException} for what is not data) with a message: never another exception, a
 * StackOverflowError or an OutOfMemoryError. Without JAZZER_FUZZ this replays the committed inputs
 * in {@code CkptReaderFuzzTestInputs/pickle/}.
 */
class CkptReaderFuzzTest {

  /** Storage records of the zip: pickles name storages "0" to "3"; each holds 16 floats. */
  private static final int RECORDS = 4;

  private static final int RECORD_BYTES = 64;

  private static Path zip;
  private static Path legacy;

  @BeforeAll
  static void createFiles() throws IOException {
    zip = Files.createTempFile("fuzz", ".ckpt");
    legacy = Files.createTempFile("fuzz-legacy", ".ckpt");
  }

  @AfterAll
  static void deleteFiles() throws IOException {
    Files.deleteIfExists(zip);
    Files.deleteIfExists(legacy);
  }

  // The names a state dict uses (Jazzer 0.24 cannot put a newline in an entry).
  @DictionaryEntries({
    "collections",
    "OrderedDict",
    "torch._utils",
    "_rebuild_tensor_v2",
    "_rebuild_parameter",
    "FloatStorage",
    "HalfStorage",
    "ByteStorage",
    "LongStorage",
    "storage",
    "state_dict"
  })
  @FuzzTest(maxDuration = "20s")
  void pickle(byte[] bytes) throws IOException {
    writeZip(bytes);
    readEverything(zip, () -> CkptReader.open(zip));
    Files.write(legacy, bytes);
    readEverything(legacy, () -> LegacyCkptReader.open(legacy));
  }

  private interface Opener {
    TensorStore open() throws IOException;
  }

  private static void readEverything(Path file, Opener opener) {
    try (TensorStore store = opener.open()) {
      for (TensorInfo info : store.tensors()) {
        assertThat(store.read(info.name()).info()).isEqualTo(info);
      }
    } catch (IOException refused) {
      assertThat(refused.getMessage()).as(file.toString()).isNotBlank();
    }
  }

  private static void writeZip(byte[] pickle) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      entry(out, "archive/data.pkl", pickle);
      entry(out, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      for (int key = 0; key < RECORDS; key++) {
        entry(out, "archive/data/" + key, new byte[RECORD_BYTES]);
      }
    }
  }

  private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
