package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsHashes;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {

  @Test
  void names_areKohyas() {
    assertThat(CheckpointNames.step("reimu", 1000)).isEqualTo("reimu-step00001000.safetensors");
    assertThat(CheckpointNames.epoch("reimu", 2)).isEqualTo("reimu-000002.safetensors");
    assertThat(CheckpointNames.last("reimu")).isEqualTo("reimu.safetensors");
    assertThat(CheckpointNames.stepState("reimu", 3000)).isEqualTo("reimu-step00003000-state");
  }

  @Test
  void hashes_equalThoseOfTheWrittenFile(@TempDir Path tmp) throws Exception {
    // over 1 MiB of data, so the legacy window (64 KiB at 0x100000) falls inside a tensor
    float[] values = new float[400_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.sin(i);
    }
    InMemoryTensors store = new InMemoryTensors();
    store.put(TensorData.ofFloats("a", new long[] {400_000}, values));
    store.put(TensorData.ofFloats("b", new long[] {2}, new float[] {1, 2}));
    Map<String, String> metadata = Map.of("ss_network_dim", "4");
    Path file = tmp.resolve("x.safetensors");
    SafetensorsWriter.write(file, store, metadata);

    SafetensorsHashes.Hashes hashes = SafetensorsHashes.of(store, metadata);

    byte[] bytes = Files.readAllBytes(file);
    long headerLength =
        java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] data = Arrays.copyOfRange(bytes, (int) (8 + headerLength), bytes.length);
    assertThat(hashes.model()).isEqualTo(sha256(data));
    assertThat(hashes.legacy()).isEqualTo(SafetensorsHashes.legacyOfFile(file));
    assertThat(hashes.legacy())
        .isEqualTo(sha256(Arrays.copyOfRange(bytes, 0x100000, 0x110000)).substring(0, 8));
  }

  @Test
  void lossLog_keepsTheRowsUpToTheResumedStep(@TempDir Path tmp) throws Exception {
    try (LossLog log = LossLog.open(tmp, 0)) {
      for (int step = 1; step <= 5; step++) {
        log.append(step, 1, 0.1 * step, 0.1, 1e-4, 5e-5);
      }
      log.drawChart("demo");
    }
    assertThat(Files.size(tmp.resolve(LossLog.CHART))).isGreaterThan(1000);

    try (LossLog resumed = LossLog.open(tmp, 3)) {
      resumed.append(4, 1, 0.9, 0.5, 1e-4, 5e-5);
    }
    List<String> lines = Files.readAllLines(tmp.resolve(LossLog.CSV));
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("step,epoch,loss");
    assertThat(lines.get(4)).startsWith("4,1,0.9");
  }

  @Test
  void epochAverage_averagesOneEpochOfSteps() {
    EpochLossAverage average = new EpochLossAverage(List.of());
    assertThat(average.add(0, 1.0)).isEqualTo(1.0);
    assertThat(average.add(1, 3.0)).isEqualTo(2.0);
    // second epoch: position 0 is replaced
    assertThat(average.add(0, 5.0)).isEqualTo(4.0);
    assertThat(new EpochLossAverage(average.losses()).add(1, 1.0)).isEqualTo(3.0);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
