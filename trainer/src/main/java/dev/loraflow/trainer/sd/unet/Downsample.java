package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Module;

/** Halves H and W with a stride-2 3x3 conv. */
public final class Downsample extends Module {

  private final Conv2d op;

  public Downsample(long channels) {
    op = child("op", new Conv2d(channels, channels, 3, 2, 1));
  }

  public NDArray forward(NDArray x) {
    return op.forward(x);
  }
}
