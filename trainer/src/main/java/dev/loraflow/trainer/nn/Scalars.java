package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands that are safe under autograd. DJL's {@code mul(Number)} (and div, pow) wraps the
 * number in a tensor over a Java direct buffer and closes it after the op; autograd still holds
 * that tensor for backward ({@code d(x*s)/dx = s}), and once the garbage collector frees the
 * buffer, backward reads freed memory: NaN or 1e18 gradients, only in runs where a GC happened
 * between forward and backward. A scalar made by {@code full} lives in native memory that autograd
 * keeps alive.
 */
public final class Scalars {

  private Scalars() {}

  /** A 0-d array holding {@code value}, in {@code like}'s manager, device and data type. */
  public static NDArray like(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }
}
