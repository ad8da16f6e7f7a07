package dev.loraflow.trainer.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One tensor's raw little-endian bytes and what they mean. Half-precision values are widened to
 * float32 here, in Java, because DJL 0.36 aborts the JVM on BF16 arrays (facts.md A).
 */
public record TensorData(TensorInfo info, ByteBuffer bytes) {

  public TensorData {
    if (bytes.remaining() != info.byteSize()) {
      throw new IllegalArgumentException(
          info + ": " + bytes.remaining() + " bytes given, shape x dtype needs " + info.byteSize());
    }
    bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  public static TensorData ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new TensorData(new TensorInfo(name, Dtype.F32, shape), buffer);
  }

  /**
   * Float values stored as {@code dtype} (F32, F16 or BF16), narrowed in Java with round to nearest
   * even, so a BF16 file is written without BF16 reaching DJL.
   */
  public static TensorData ofFloats(String name, long[] shape, float[] values, Dtype dtype) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> buffer.asFloatBuffer().put(values);
      case F16 -> {
        for (float value : values) {
          buffer.putShort(HalfFloats.floatToHalf(value));
        }
      }
      case BF16 -> {
        for (float value : values) {
          buffer.putShort(HalfFloats.floatToBfloat16(value));
        }
      }
      default -> throw new IllegalArgumentException(name + ": cannot store floats as " + dtype);
    }
    return new TensorData(new TensorInfo(name, dtype, shape), buffer.rewind());
  }

  /** Copies an F32 or I64 DJL array (e.g. a trained weight) out of native memory. */
  public static TensorData of(String name, NDArray array) {
    Dtype dtype =
        switch (array.getDataType()) {
          case FLOAT32 -> Dtype.F32;
          case FLOAT16 -> Dtype.F16;
          case INT64 -> Dtype.I64;
          case INT32 -> Dtype.I32;
          default ->
              throw new IllegalArgumentException(name + ": cannot store " + array.getDataType());
        };
    ByteBuffer bytes = ByteBuffer.wrap(array.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    return new TensorData(new TensorInfo(name, dtype, array.getShape().getShape()), bytes);
  }

  public String name() {
    return info.name();
  }

  /** Values as float32, widening F16/BF16 and narrowing F64; integer types are refused. */
  public float[] toFloatArray() {
    int count = Math.toIntExact(info.elementCount());
    float[] out = new float[count];
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (info.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < count; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = HalfFloats.halfToFloat(b.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16);
        }
      }
      default -> throw new IllegalArgumentException(info + " is not a floating-point tensor");
    }
    return out;
  }

  /** Values as int64, widening the smaller integer types; float types are refused. */
  public long[] toLongArray() {
    int count = Math.toIntExact(info.elementCount());
    long[] out = new long[count];
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      out[i] =
          switch (info.dtype()) {
            case I64 -> b.getLong(i * 8);
            case I32 -> b.getInt(i * 4);
            case I16 -> b.getShort(i * 2);
            case I8 -> b.get(i);
            case U8, BOOL -> b.get(i) & 0xFF;
            default -> throw new IllegalArgumentException(info + " is not an integer tensor");
          };
    }
    return out;
  }

  /**
   * A new DJL array: floating types become FLOAT32, integer types INT64. DJL's {@code create} wraps
   * the Java buffer as the tensor's storage (counted against -XX:MaxDirectMemorySize), so the data
   * is cloned into memory libtorch owns and the wrapper closed: a 4 GB checkpoint then loads with a
   * small Java heap, and F32 tensors go from the memory-mapped file straight to libtorch.
   */
  public NDArray toNDArray(NDManager manager) {
    Shape shape = new Shape(info.shape());
    NDArray wrapper;
    if (info.dtype() == Dtype.F32) {
      wrapper =
          manager.create(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN), shape, DataType.FLOAT32);
    } else if (info.dtype().isFloating()) {
      wrapper = manager.create(toFloatArray(), shape);
    } else {
      wrapper = manager.create(toLongArray(), shape);
    }
    try (wrapper) {
      return wrapper.duplicate();
    }
  }

  /** Whether {@code other} holds the same name, dtype, shape and bytes. */
  public boolean sameAs(TensorData other) {
    return info.equals(other.info) && bytes.duplicate().equals(other.bytes.duplicate());
  }
}
