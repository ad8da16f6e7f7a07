package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Activations DJL lacks under the names papers use. */
public final class Activations {

  private Activations() {}

  /**
   * SiLU(x) = x * sigmoid(x). Not DJL's {@code swish(x, 1)}: it computes {@code x.mul(1f)}, whose
   * Java-buffer scalar autograd keeps for backward after a GC may have freed it (see {@link
   * Scalars}).
   */
  public static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }
}
