package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;

/** y = x W^T + b over the last dimension; torch layout {@code weight [out, in]}. */
public final class Linear extends Module {

  private final Weight weight;
  private final Weight bias;
  private Adapter adapter;

  public Linear(long in, long out, boolean bias) {
    this.weight = weight("weight", out, in);
    this.bias = bias ? weight("bias", out) : null;
  }

  public NDArray forward(NDArray x) {
    NDArray y =
        ai.djl.nn.core.Linear.linear(x, weight.array(), bias == null ? null : bias.array())
            .singletonOrThrow();
    return adapter == null ? y : y.add(adapter.delta(x));
  }

  public long inFeatures() {
    return weight.shape().get(1);
  }

  public long outFeatures() {
    return weight.shape().get(0);
  }

  /** Adds {@code adapter}'s output to this layer's (null removes it). */
  public void setAdapter(Adapter adapter) {
    this.adapter = adapter;
  }
}
