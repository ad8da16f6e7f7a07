package dev.loraflow.trainer.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;

/**
 * A named collection of tensors read one at a time, so a multi-gigabyte checkpoint never has to sit
 * in memory whole. Implemented by the safetensors and .ckpt readers and by in-memory maps.
 */
public interface TensorStore extends AutoCloseable {

  /** Every tensor, in file order. */
  List<TensorInfo> tensors();

  /** Reads one tensor's little-endian bytes; throws {@link IllegalArgumentException} if absent. */
  TensorData read(String name) throws IOException;

  /**
   * Reads one tensor into a new native array of {@code manager}: FLOAT32 for floating types, INT64
   * otherwise (as {@link TensorData#toNDArray}). Readers that can fill the array straight from the
   * file override this, so no mapped or Java copy of the bytes outlives the call.
   */
  default NDArray readArray(String name, NDManager manager) throws IOException {
    return read(name).toNDArray(manager);
  }

  /** Metadata strings carried by the file (safetensors {@code __metadata__}); empty if none. */
  default java.util.Map<String, String> metadata() {
    return java.util.Map.of();
  }

  @Override
  default void close() throws IOException {}
}
