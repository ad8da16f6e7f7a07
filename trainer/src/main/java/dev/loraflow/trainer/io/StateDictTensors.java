package dev.loraflow.trainer.io;

import dev.loraflow.trainer.io.RestrictedUnpickler.TorchTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of an unpickled checkpoint (a Lightning {@code state_dict} when present, else the
 * top-level dict; other entries such as epoch or global_step are skipped), checked once so that
 * reading them later cannot fail on a bad shape, and copied out of their storages on demand.
 */
final class StateDictTensors {

  /**
   * How large a view may grow past its storage when copied out dense. Broadcast buffers in real
   * checkpoints (CLIP's expanded {@code position_ids}) are under a kilobyte; without a bound a
   * 200-byte file could name a 2 GiB tensor of one repeated float.
   */
  static final long MAX_EXPANDED_BYTES = 64L * 1024 * 1024;

  private final Map<String, TorchTensor> tensors;
  private final List<TensorInfo> infos;

  StateDictTensors(Path file, Object root) throws IOException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new IOException(
          file + ": checkpoint holds " + describe(root) + ", not a dict of tensors");
    }
    Object stateDict = map.get("state_dict") instanceof Map<?, ?> inner ? inner : map;
    Map<String, TorchTensor> found = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) stateDict).entrySet()) {
      if (entry.getValue() instanceof TorchTensor tensor) {
        found.put(String.valueOf(entry.getKey()), tensor);
      }
    }
    if (found.isEmpty()) {
      throw new IOException(file + ": no tensors found (keys: " + map.keySet() + ")");
    }
    List<TensorInfo> checked = new ArrayList<>(found.size());
    try {
      for (Map.Entry<String, TorchTensor> entry : found.entrySet()) {
        TensorInfo info =
            new TensorInfo(
                entry.getKey(), entry.getValue().storage().dtype(), entry.getValue().shape());
        info.byteSize(); // refuses shapes whose size overflows
        checked.add(info);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IOException(file + ": invalid tensor shape: " + e.getMessage(), e);
    }
    this.tensors = Collections.unmodifiableMap(found);
    this.infos = List.copyOf(checked);
  }

  private static String describe(Object value) {
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }

  List<TensorInfo> infos() {
    return infos;
  }

  Map<String, TorchTensor> byName() {
    return tensors;
  }

  TorchTensor get(Path file, String name) {
    TorchTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException(file + ": no tensor named '" + name + "'");
    }
    return tensor;
  }

  /**
   * Copies the tensor's (possibly strided) view of {@code storage} into a dense row-major buffer.
   */
  static TensorData copyOut(String name, TorchTensor tensor, ByteBuffer storage)
      throws IOException {
    TensorInfo info = new TensorInfo(name, tensor.storage().dtype(), tensor.shape());
    long[] shape = info.shape();
    long[] stride = tensor.stride();
    long offset;
    try {
      offset = Math.addExact(tensor.storage().viewOffset(), tensor.offset());
    } catch (ArithmeticException e) {
      throw new IOException("tensor '" + name + "' has an offset beyond any storage");
    }
    int size = info.dtype().byteSize();
    long count = info.elementCount();
    if (stride.length != shape.length) {
      throw new IOException(
          "tensor '" + name + "' has " + stride.length + " strides for " + shape.length + " dims");
    }
    if (count > 0 && !fitsInStorage(shape, stride, offset, size, storage.remaining())) {
      throw new IOException(
          "tensor '" + name + "' reads outside its storage (" + storage.remaining() + " bytes)");
    }
    // byteSize() was checked when the file was opened, so this cannot overflow.
    long bytes = count * size;
    if (bytes > Integer.MAX_VALUE) {
      throw new IOException(
          "tensor '" + name + "' is " + bytes + " bytes; tensors over 2 GiB are not supported");
    }
    if (bytes > storage.remaining() && bytes > MAX_EXPANDED_BYTES) {
      throw new IOException(
          "tensor '"
              + name
              + "' repeats its "
              + storage.remaining()
              + "-byte storage (a stride-0 view) to "
              + bytes
              + " bytes; views larger than their storage are read up to "
              + MAX_EXPANDED_BYTES
              + " bytes");
    }
    byte[] out = new byte[(int) bytes];
    ByteBuffer source = storage.duplicate();
    int base = source.position();
    if (isRowMajor(shape, stride)) {
      source.get(base + Math.toIntExact(offset * size), out);
      return new TensorData(info, ByteBuffer.wrap(out));
    }
    long[] index = new long[shape.length];
    for (long i = 0; i < count; i++) {
      long element = offset;
      for (int d = 0; d < shape.length; d++) {
        element += index[d] * stride[d];
      }
      source.get(base + Math.toIntExact(element * size), out, Math.toIntExact(i * size), size);
      for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
        index[d] = 0;
      }
    }
    return new TensorData(info, ByteBuffer.wrap(out));
  }

  /** Whether every element of the view lies inside the storage (strides may not be negative). */
  private static boolean fitsInStorage(
      long[] shape, long[] stride, long offset, int size, long storageBytes) {
    try {
      long last = offset;
      for (int d = 0; d < shape.length; d++) {
        if (stride[d] < 0) {
          return false;
        }
        last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
      }
      // last + 1 exact too: Long.MAX_VALUE + 1 would wrap to a negative size that "fits"
      return offset >= 0 && Math.multiplyExact(Math.addExact(last, 1), (long) size) <= storageBytes;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  private static boolean isRowMajor(long[] shape, long[] stride) {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }
}
