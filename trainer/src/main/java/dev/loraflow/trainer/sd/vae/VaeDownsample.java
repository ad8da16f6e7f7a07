package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Module;

/** Halves H and W: pad one zero row/column at the bottom/right only, then a stride-2 3x3 conv. */
public final class VaeDownsample extends Module {

  private final Conv2d conv;

  public VaeDownsample(long channels) {
    conv = child("conv", new Conv2d(channels, channels, 3, 2, 0));
  }

  public NDArray forward(NDArray x) {
    return conv.forward(x.pad(new Shape(0, 1, 0, 1), 0));
  }
}
