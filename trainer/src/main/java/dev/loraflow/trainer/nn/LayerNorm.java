package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;

/** Layer normalization over the last dimension. */
public final class LayerNorm extends Module {

  private final float eps;
  private final Weight weight;
  private final Weight bias;

  public LayerNorm(long features, float eps) {
    this.eps = eps;
    this.weight = weight("weight", features);
    this.bias = weight("bias", features);
  }

  public NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, weight.shape(), weight.array(), bias.array(), eps)
        .singletonOrThrow();
  }
}
