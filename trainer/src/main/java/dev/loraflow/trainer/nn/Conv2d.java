package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** 2-D convolution over NCHW; torch layout {@code weight [out, in, k, k]}. */
public final class Conv2d extends Module {

  private final Weight weight;
  private final Weight bias;
  private final int stride;
  private final int padding;
  private Adapter adapter;

  public Conv2d(long in, long out, int kernel, int stride, int padding) {
    this.weight = weight("weight", out, in, kernel, kernel);
    this.bias = weight("bias", out);
    this.stride = stride;
    this.padding = padding;
  }

  /** Same-size convolution: stride 1 and padding kernel / 2. */
  public static Conv2d same(long in, long out, int kernel) {
    return new Conv2d(in, out, kernel, 1, kernel / 2);
  }

  public NDArray forward(NDArray x) {
    NDArray y =
        ai.djl.nn.convolutional.Conv2d.conv2d(
                x,
                weight.array(),
                bias.array(),
                new Shape(stride, stride),
                new Shape(padding, padding),
                new Shape(1, 1),
                1)
            .singletonOrThrow();
    return adapter == null ? y : y.add(adapter.delta(x));
  }

  public long inChannels() {
    return weight.shape().get(1);
  }

  public long outChannels() {
    return weight.shape().get(0);
  }

  public long kernelSize() {
    return weight.shape().get(2);
  }

  /** A conv LoRA's down layer runs with the same stride and padding, so its output lines up. */
  public int stride() {
    return stride;
  }

  public int padding() {
    return padding;
  }

  /** Adds {@code adapter}'s output to this layer's (null removes it). */
  public void setAdapter(Adapter adapter) {
    this.adapter = adapter;
  }
}
