package dev.loraflow.trainer.io;

import dev.loraflow.trainer.io.RestrictedUnpickler.TorchTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch {@code .ckpt}/{@code .pt} (the zip format of torch.save since
 * 1.6: {@code <archive>/data.pkl} plus one record {@code <archive>/data/<key>} per storage). The
 * pickle goes through {@link RestrictedUnpickler}, so nothing in the file is executed. A
 * Lightning checkpoint's {@code state_dict} is used when present; other entries (epoch,
 * global_step) are skipped.
 */
public final class CkptReader implements TensorStore {

  private final Path file;
  private final ZipFile zip;
  private final String archive;
  private final Map<String, TorchTensor> tensors;
  private final List<TensorInfo> infos;

  private CkptReader(Path file, ZipFile zip, String archive, Map<String, TorchTensor> tensors) throws IOException {
    this.file = file;
    this.zip = zip;
    this.archive = archive;
    this.tensors = tensors;
    this.infos = new ArrayList<>(tensors.size());
    try {
      for (Map.Entry<String, TorchTensor> entry : tensors.entrySet()) {
        TensorInfo info = new TensorInfo(entry.getKey(), entry.getValue().storage().dtype(), entry.getValue().shape());
        info.byteSize(); // refuses shapes whose size overflows
        infos.add(info);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IOException(file + ": invalid tensor shape: " + e.getMessage(), e);
    }
  }

  /** Opens {@code file} and reads its pickle; throws {@link UnsafePickleException} for anything but data. */
  public static CkptReader open(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new IOException(
          file + ": not a zip-format PyTorch checkpoint (the legacy pre-1.6 torch.save format is not"
              + " supported; re-save it with a recent torch, or convert it to .safetensors)", e);
    }
    try {
      ZipEntry pickle = zip.stream()
          .filter(e -> e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9)
          .findFirst()
          .orElseThrow(() -> new IOException(file + ": zip has no <archive>/data.pkl, not a PyTorch checkpoint"));
      String archive = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
      checkLittleEndian(file, zip, archive);
      Object root = RestrictedUnpickler.loadStateDict(readEntry(zip, pickle));
      return new CkptReader(file, zip, archive, tensorsOf(file, root));
    } catch (UnsafePickleException e) {
      zip.close();
      throw new UnsafePickleException(file + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static void checkLittleEndian(Path file, ZipFile zip, String archive) throws IOException {
    ZipEntry order = zip.getEntry(archive + "byteorder");
    if (order != null) {
      String value = new String(readEntry(zip, order), StandardCharsets.US_ASCII).trim();
      if (!value.equals("little")) {
        throw new IOException(file + ": byte order '" + value + "' is not supported");
      }
    }
  }

  private static Map<String, TorchTensor> tensorsOf(Path file, Object root) throws IOException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new IOException(file + ": checkpoint holds a " + root + ", not a dict of tensors");
    }
    Object stateDict = map.get("state_dict") instanceof Map<?, ?> inner ? inner : map;
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) stateDict).entrySet()) {
      if (entry.getValue() instanceof TorchTensor tensor) {
        tensors.put(String.valueOf(entry.getKey()), tensor);
      }
    }
    if (tensors.isEmpty()) {
      throw new IOException(file + ": no tensors found (keys: " + map.keySet() + ")");
    }
    return Collections.unmodifiableMap(tensors);
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  @Override
  public List<TensorInfo> tensors() {
    return List.copyOf(infos);
  }

  /** Reads the tensor's storage record and copies out its view, contiguous, little-endian. */
  @Override
  public TensorData read(String name) throws IOException {
    TorchTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException(file + ": no tensor named '" + name + "'");
    }
    ZipEntry record = zip.getEntry(archive + "data/" + tensor.storage().key());
    if (record == null) {
      throw new IOException(file + ": storage record '" + tensor.storage().key() + "' of '" + name + "' is missing");
    }
    byte[] storage = readEntry(zip, record);
    TensorInfo info = new TensorInfo(name, tensor.storage().dtype(), tensor.shape());
    return new TensorData(info, StridedCopy.contiguous(name, storage, info, tensor.offset(), tensor.stride()));
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  /** Copies a strided view of a storage into a dense row-major buffer. */
  static final class StridedCopy {
    private StridedCopy() {}

    static ByteBuffer contiguous(String name, byte[] storage, TensorInfo info, long offset, long[] stride)
        throws IOException {
      long[] shape = info.shape();
      int size = info.dtype().byteSize();
      long count = info.elementCount();
      if (stride.length != shape.length) {
        throw new IOException("tensor '" + name + "' has " + stride.length + " strides for " + shape.length + " dims");
      }
      if (count > 0 && !fitsInStorage(shape, stride, offset, size, storage.length)) {
        throw new IOException("tensor '" + name + "' reads outside its storage (" + storage.length + " bytes)");
      }
      byte[] out = new byte[Math.toIntExact(count * size)];
      if (isRowMajor(shape, stride)) {
        System.arraycopy(storage, Math.toIntExact(offset * size), out, 0, out.length);
        return ByteBuffer.wrap(out);
      }
      long[] index = new long[shape.length];
      for (long i = 0; i < count; i++) {
        long source = offset;
        for (int d = 0; d < shape.length; d++) {
          source += index[d] * stride[d];
        }
        System.arraycopy(storage, Math.toIntExact(source * size), out, Math.toIntExact(i * size), size);
        for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
          index[d] = 0;
        }
      }
      return ByteBuffer.wrap(out);
    }

    /** Whether every element of the view lies inside the storage (strides may not be negative). */
    private static boolean fitsInStorage(long[] shape, long[] stride, long offset, int size, long storageBytes) {
      try {
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
          if (stride[d] < 0) {
            return false;
          }
          last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
        }
        return offset >= 0 && Math.multiplyExact(last + 1, (long) size) <= storageBytes;
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
}
