package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of ldm's input/middle/output block lists: layers named 0, 1, 2 applied in turn, each
 * given what it needs (ResBlocks the time embedding, SpatialTransformers the text context).
 */
public final class TimestepSequential extends Module {

  private final List<Module> layers = new ArrayList<>();

  public TimestepSequential add(Module layer) {
    layers.add(child(String.valueOf(layers.size()), layer));
    return this;
  }

  public NDArray forward(NDArray x, NDArray emb, NDArray context) {
    for (Module layer : layers) {
      if (layer instanceof ResBlock res) {
        x = res.forward(x, emb);
      } else if (layer instanceof SpatialTransformer transformer) {
        x = transformer.forward(x, context);
      } else if (layer instanceof Downsample down) {
        x = down.forward(x);
      } else if (layer instanceof Upsample up) {
        x = up.forward(x);
      } else if (layer instanceof Conv2d conv) {
        x = conv.forward(x);
      } else {
        throw new IllegalStateException("no forward rule for " + layer.getClass().getSimpleName());
      }
    }
    return x;
  }
}
