package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

  @TempDir Path dir;

  private static TensorData raw(String name, Dtype dtype, long[] shape, byte[] bytes) {
    return new TensorData(new TensorInfo(name, dtype, shape), ByteBuffer.wrap(bytes));
  }

  @Test
  void writeThenRead_givesBitExactTensorsAndMetadata() throws Exception {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("ss_network_dim", "4");
    metadata.put("ss_output_name", "héllo \"quoted\"");
    InMemoryTensors tensors =
        new InMemoryTensors(metadata)
            .put(
                TensorData.ofFloats(
                    "a.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, 0f, -0f}))
            .put(
                raw(
                    "b.half",
                    Dtype.F16,
                    new long[] {3},
                    new byte[] {0, 0x3c, 0, (byte) 0xc0, 1, 0}))
            .put(
                raw(
                    "c.ids",
                    Dtype.I64,
                    new long[] {1, 2},
                    new byte[] {5, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1}))
            .put(raw("d.scalar", Dtype.F32, new long[] {}, new byte[] {0, 0, (byte) 0x80, 0x3f}))
            .put(raw("e.empty", Dtype.I32, new long[] {0, 4}, new byte[0]));
    Path file = dir.resolve("t.safetensors");

    SafetensorsWriter.write(file, tensors, tensors.metadata());

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.metadata()).containsExactlyEntriesOf(metadata);
      assertThat(reader.tensors()).containsExactlyElementsOf(tensors.tensors());
      for (TensorInfo info : tensors.tensors()) {
        assertThat(reader.read(info.name()).sameAs(tensors.read(info.name())))
            .as(info.name())
            .isTrue();
      }
      assertThat(reader.read("b.half").toFloatArray()).containsExactly(1f, -2f, 0x1p-24f);
      assertThat(reader.read("c.ids").toLongArray()).containsExactly(5L, -1L);
      assertThat(reader.read("d.scalar").toFloatArray()).containsExactly(1f);
    }
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(head.getLong(0) % 8).as("header padded to 8 bytes").isZero();
  }

  @Test
  void djlArrays_roundTripThroughAFile() throws Exception {
    Path file = dir.resolve("djl.safetensors");
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      ai.djl.ndarray.NDArray weight = manager.randomNormal(new ai.djl.ndarray.types.Shape(3, 5));
      SafetensorsWriter.write(
          file, new InMemoryTensors().put(TensorData.of("lora.weight", weight)), Map.of());

      try (SafetensorsReader reader = SafetensorsReader.open(file)) {
        assertThat(reader.read("lora.weight").toNDArray(manager).toFloatArray())
            .containsExactly(weight.toFloatArray());
      }
    }
  }

  @Test
  void bf16_isWidenedToFloat32InJava() throws Exception {
    // 1.0, -2.5 and pi in bfloat16 (top 16 bits of the float32 pattern)
    short[] bf16 = {0x3f80, (short) 0xc020, 0x4049};
    ByteBuffer bytes = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : bf16) {
      bytes.putShort(s);
    }
    Path file = dir.resolve("bf16.safetensors");
    SafetensorsWriter.write(
        file,
        new InMemoryTensors().put(raw("w", Dtype.BF16, new long[] {3}, bytes.array())),
        Map.of());

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.read("w").toFloatArray()).containsExactly(1f, -2.5f, 3.140625f);
    }
  }

  @Test
  void tensorBeyondTwoGigabytes_isReadThroughLongOffsets() throws Exception {
    long begin = 3L << 30; // 3 GiB of (sparse) zeros before the tensor
    String header =
        "{\"pad\":{\"dtype\":\"U8\",\"shape\":["
            + begin
            + "],\"data_offsets\":[0,"
            + begin
            + "]},"
            + "\"far\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":["
            + begin
            + ","
            + (begin + 8)
            + "]}}";
    byte[] json = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path file = dir.resolve("sparse.safetensors");
    try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      out.write(json);
      out.seek(8 + json.length + begin);
      out.write(
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putFloat(1.5f)
              .putFloat(-2f)
              .array());
    }

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.read("far").toFloatArray()).containsExactly(1.5f, -2f);
    }
  }

  @Test
  void metadataValueLongerThanJacksonsDefaultLimit_readsBack() throws Exception {
    // Jackson refuses strings over 20M characters by default; the format allows a 100 MB header.
    String value = "x".repeat(21_000_000);
    InMemoryTensors tensors =
        new InMemoryTensors(Map.of("long", value))
            .put(TensorData.ofFloats("w", new long[] {1}, new float[] {1}));
    Path file = dir.resolve("long-metadata.safetensors");
    SafetensorsWriter.write(file, tensors, tensors.metadata());

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.metadata().get("long")).hasSize(value.length());
    }
  }
}
