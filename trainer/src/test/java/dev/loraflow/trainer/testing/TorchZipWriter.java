package dev.loraflow.trainer.testing;

import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a checkpoint the way {@code torch.save({"state_dict": sd}, path)} lays it out: a zip with
 * {@code archive/data.pkl} (pickle protocol 2) and one {@code archive/data/N} record per tensor.
 */
public final class TorchZipWriter {

  private TorchZipWriter() {}

  /**
   * Writes all F32/F16/I64 tensors of {@code store} as a Lightning-style {@code {"state_dict":
   * ...}}.
   */
  public static void write(Path file, TensorStore store) throws IOException {
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().string("state_dict");
    pickle.global("collections", "OrderedDict").emptyTuple().reduce().mark();
    int key = 0;
    for (TensorInfo info : store.tensors()) {
      pickle.string(info.name());
      tensor(
          pickle,
          storageType(info.dtype()),
          String.valueOf(key++),
          info.shape(),
          0,
          rowMajorStrides(info.shape()));
    }
    pickle.setItems().setItem().stop();
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "archive/data.pkl", pickle.bytes());
      entry(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      key = 0;
      for (TensorInfo info : store.tensors()) {
        TensorData data = store.read(info.name());
        byte[] bytes = new byte[data.bytes().remaining()];
        data.bytes().duplicate().get(bytes);
        entry(zip, "archive/data/" + key++, bytes);
      }
    }
  }

  /**
   * The same tensors in torch.save's legacy format: magic number, protocol 1001, system info, the
   * state dict, the storage keys (five pickles), then each storage as int64 count + bytes.
   */
  public static void writeLegacy(Path file, TensorStore store) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PickleBuilder magic = new PickleBuilder().proto(2).op(0x8a).op(10);
    byte[] magicBytes = new java.math.BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
    for (int i = magicBytes.length - 1; i >= 0; i--) { // little-endian
      magic.op(magicBytes[i] & 0xFF);
    }
    out.writeBytes(magic.stop().bytes());
    out.writeBytes(new PickleBuilder().proto(2).integer(1001).stop().bytes());
    out.writeBytes(
        new PickleBuilder()
            .proto(2)
            .emptyDict()
            .string("little_endian")
            .bool(true)
            .setItem()
            .stop()
            .bytes());
    PickleBuilder dict = new PickleBuilder().proto(2).emptyDict().mark();
    PickleBuilder keys = new PickleBuilder().proto(2).op(']').mark();
    int key = 0;
    for (TensorInfo info : store.tensors()) {
      dict.string(info.name());
      dict.global("torch._utils", "_rebuild_tensor_v2").mark();
      dict.mark()
          .string("storage")
          .global("torch", storageType(info.dtype()))
          .string(String.valueOf(key))
          .string("cpu")
          .integer(info.elementCount())
          .op('N')
          .tuple()
          .persId();
      dict.integer(0).longTuple(info.shape()).longTuple(rowMajorStrides(info.shape())).bool(false);
      dict.global("collections", "OrderedDict").emptyTuple().reduce();
      dict.tuple().reduce();
      keys.string(String.valueOf(key++));
    }
    out.writeBytes(dict.setItems().stop().bytes());
    out.writeBytes(keys.op('e').stop().bytes());
    for (TensorInfo info : store.tensors()) {
      out.writeBytes(
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putLong(info.elementCount())
              .array());
      ByteBuffer data = store.read(info.name()).bytes().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      out.writeBytes(bytes);
    }
    Files.write(file, out.toByteArray());
  }

  /**
   * One tensor whose storage holds {@code storageValues}, viewed with the given shape and strides.
   */
  public static void writeView(
      Path file, String name, float[] storageValues, long[] shape, long[] stride)
      throws IOException {
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().mark().string(name);
    tensor(pickle, "FloatStorage", "0", shape, 0, stride);
    pickle.setItems().stop();
    ByteBuffer storage =
        ByteBuffer.allocate(storageValues.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    storage.asFloatBuffer().put(storageValues);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "archive/data.pkl", pickle.bytes());
      entry(zip, "archive/data/0", storage.array());
    }
  }

  /** A zip checkpoint whose data.pkl is the given raw pickle (for hostile-file tests). */
  public static void writeRawPickle(Path file, byte[] pickle) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "archive/data.pkl", pickle);
    }
  }

  private static String storageType(Dtype dtype) {
    return switch (dtype) {
      case F32 -> "FloatStorage";
      case F16 -> "HalfStorage";
      case I64 -> "LongStorage";
      default ->
          throw new IllegalArgumentException(
              "no storage type for " + dtype + " in this test writer");
    };
  }

  private static void tensor(
      PickleBuilder p, String storage, String key, long[] shape, long offset, long[] stride) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark()
        .string("storage")
        .global("torch", storage)
        .string(key)
        .string("cpu")
        .integer(count)
        .tuple()
        .persId();
    p.integer(offset).longTuple(shape).longTuple(stride).bool(false);
    p.global("collections", "OrderedDict").emptyTuple().reduce();
    p.tuple().reduce();
  }

  private static long[] rowMajorStrides(long[] shape) {
    long[] stride = new long[shape.length];
    long s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = s;
      s *= shape[d];
    }
    return stride;
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Emits pickle opcodes; just enough of the protocol for state dicts and hostile examples. */
  public static final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public PickleBuilder proto(int version) {
      return op(0x80).op(version);
    }

    public PickleBuilder emptyDict() {
      return op('}');
    }

    public PickleBuilder emptyTuple() {
      return op(')');
    }

    public PickleBuilder mark() {
      return op('(');
    }

    public PickleBuilder tuple() {
      return op('t');
    }

    public PickleBuilder reduce() {
      return op('R');
    }

    public PickleBuilder persId() {
      return op('Q');
    }

    public PickleBuilder setItem() {
      return op('s');
    }

    public PickleBuilder setItems() {
      return op('u');
    }

    public PickleBuilder stop() {
      return op('.');
    }

    public PickleBuilder bool(boolean value) {
      return op(value ? 0x88 : 0x89);
    }

    public PickleBuilder global(String module, String name) {
      op('c');
      write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    public PickleBuilder string(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      op('X');
      write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
      write(bytes);
      return this;
    }

    public PickleBuilder integer(long value) {
      op(0x8a).op(8); // LONG1 with 8 bytes covers every long
      write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
      return this;
    }

    public PickleBuilder longTuple(long[] values) {
      mark();
      for (long v : values) {
        integer(v);
      }
      return tuple();
    }

    public PickleBuilder op(int code) {
      out.write(code);
      return this;
    }

    public byte[] bytes() {
      return out.toByteArray();
    }

    private void write(byte[] bytes) {
      out.writeBytes(bytes);
    }
  }
}
