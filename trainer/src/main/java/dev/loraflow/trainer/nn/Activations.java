package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Activations DJL lacks under the names papers use. */
public final class Activations {

  private Activations() {}

  /** SiLU(x) = x * sigmoid(x), i.e. swish with beta 1. */
  public static NDArray silu(NDArray x) {
    return Activation.swish(x, 1f);
  }
}
