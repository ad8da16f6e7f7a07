package dev.loraflow.trainer.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** One named tensor of a {@link Module}: its expected shape, and its array once loaded. */
public final class Weight {

  private final Shape shape;
  private NDArray array;

  Weight(Shape shape) {
    this.shape = shape;
  }

  public Shape shape() {
    return shape;
  }

  public boolean isLoaded() {
    return array != null;
  }

  /** The array; a model used before loading fails here rather than deep inside an op. */
  public NDArray array() {
    if (array == null) {
      throw new IllegalStateException("weight of shape " + shape + " has not been loaded");
    }
    return array;
  }

  /** Sets the array, closing the one it replaces; the shape must be the declared one. */
  public void set(NDArray value) {
    if (!value.getShape().equals(shape)) {
      throw new IllegalArgumentException("expected shape " + shape + ", got " + value.getShape());
    }
    if (array != null && array != value) {
      array.close();
    }
    array = value;
  }
}
