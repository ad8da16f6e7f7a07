package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One named tensor of a {@link Module}: its expected shape, its array once loaded, and whether
 * training updates it. A trainable weight's array records gradients; a frozen one's never does, so
 * backward reaches only what the optimizer steps.
 */
public final class Weight {

  private final Shape shape;
  private NDArray array;
  private boolean trainable;

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

  public boolean isTrainable() {
    return trainable;
  }

  /** Marks the weight trainable or frozen; a loaded array starts or stops recording gradients. */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
    if (array != null) {
      array.setRequiresGradient(trainable);
    }
  }

  /**
   * Sets the array, closing the one it replaces; the shape must be the declared one. A trainable
   * weight's new array records gradients.
   */
  public void set(NDArray value) {
    if (!value.getShape().equals(shape)) {
      throw new IllegalArgumentException("expected shape " + shape + ", got " + value.getShape());
    }
    if (array != null && array != value) {
      array.close();
    }
    array = value;
    if (trainable) {
      array.setRequiresGradient(true);
    }
  }
}
