package dev.loraflow.trainer.io;

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

  /** Metadata strings carried by the file (safetensors {@code __metadata__}); empty if none. */
  default java.util.Map<String, String> metadata() {
    return java.util.Map.of();
  }

  @Override
  default void close() throws IOException {}
}
