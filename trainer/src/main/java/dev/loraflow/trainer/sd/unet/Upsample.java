package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Module;

/** Doubles H and W (nearest neighbour), then a 3x3 conv. */
public final class Upsample extends Module {

  private final Conv2d conv;

  public Upsample(long channels) {
    conv = child("conv", Conv2d.same(channels, channels, 3));
  }

  public NDArray forward(NDArray x) {
    return conv.forward(nearest2x(x));
  }

  /** Each pixel repeated into a 2x2 square. */
  public static NDArray nearest2x(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }
}
