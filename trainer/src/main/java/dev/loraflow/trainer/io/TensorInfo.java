package dev.loraflow.trainer.io;

import java.util.Arrays;

/** Name, element type and shape of one stored tensor. */
public record TensorInfo(String name, Dtype dtype, long[] shape) {

  public TensorInfo {
    shape = shape.clone();
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            name + ": negative dimension in " + Arrays.toString(shape));
      }
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements; throws if it does not fit a long. */
  public long elementCount() {
    long count = 1;
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  public long byteSize() {
    return Math.multiplyExact(elementCount(), dtype.byteSize());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorInfo that
        && name.equals(that.name)
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
