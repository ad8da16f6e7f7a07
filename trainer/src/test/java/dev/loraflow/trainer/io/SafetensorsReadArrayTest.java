package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readArray, which reads straight into native memory, gives what read(..).toNDArray gives. */
class SafetensorsReadArrayTest {

  @TempDir Path dir;

  private static TensorData raw(String name, Dtype dtype, long[] shape, byte[] bytes) {
    return new TensorData(new TensorInfo(name, dtype, shape), ByteBuffer.wrap(bytes));
  }

  @Test
  void everyDtypeAndShape_readsAsTheMappedPathDoes() throws Exception {
    InMemoryTensors tensors =
        new InMemoryTensors()
            .put(
                TensorData.ofFloats(
                    "a.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, 0f, -0f}))
            // 1, -2, the smallest subnormal, +inf, 65504
            .put(
                raw(
                    "b.half",
                    Dtype.F16,
                    new long[] {5},
                    new byte[] {0, 0x3c, 0, (byte) 0xc0, 1, 0, 0, 0x7c, (byte) 0xff, 0x7b}))
            .put(
                raw(
                    "c.ids",
                    Dtype.I64,
                    new long[] {1, 2},
                    new byte[] {5, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1}))
            .put(raw("d.scalar", Dtype.F32, new long[] {}, new byte[] {0, 0, (byte) 0x80, 0x3f}))
            .put(raw("e.empty", Dtype.F32, new long[] {0, 4}, new byte[0]));
    Path file = dir.resolve("t.safetensors");
    SafetensorsWriter.write(file, tensors, tensors.metadata());

    try (SafetensorsReader reader = SafetensorsReader.open(file);
        NDManager manager = NDManager.newBaseManager()) {
      for (TensorInfo info : tensors.tensors()) {
        NDArray direct = reader.readArray(info.name(), manager);
        NDArray mapped = reader.read(info.name()).toNDArray(manager);

        assertThat(direct.getShape()).as(info.name()).isEqualTo(mapped.getShape());
        assertThat(direct.getDataType()).as(info.name()).isEqualTo(mapped.getDataType());
        if (direct.getDataType() == DataType.INT64) {
          assertThat(direct.toLongArray()).as(info.name()).containsExactly(mapped.toLongArray());
        } else {
          assertThat(direct.toFloatArray()).as(info.name()).containsExactly(mapped.toFloatArray());
        }
      }
      assertThat(reader.readArray("b.half", manager).toFloatArray())
          .containsExactly(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY, 65504f);
    }
  }
}
