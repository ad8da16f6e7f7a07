package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.sd.unet.Upsample;

/** One resolution level: ResnetBlocks ({@code block.N}), then an optional down- or upsampler. */
public final class VaeLevel extends Module {

  private final ModuleList<VaeResnetBlock> blocks;
  private final VaeDownsample downsample;
  private final Upsample upsample;

  private VaeLevel(long in, long out, int count, int groups, boolean down, boolean up) {
    blocks = child("block", new ModuleList<>());
    for (int i = 0; i < count; i++) {
      blocks.add(new VaeResnetBlock(i == 0 ? in : out, out, groups));
    }
    downsample = down ? child("downsample", new VaeDownsample(out)) : null;
    upsample = up ? child("upsample", new Upsample(out)) : null;
  }

  static VaeLevel encoder(long in, long out, int count, int groups, boolean downsample) {
    return new VaeLevel(in, out, count, groups, downsample, false);
  }

  static VaeLevel decoder(long in, long out, int count, int groups, boolean upsample) {
    return new VaeLevel(in, out, count, groups, false, upsample);
  }

  public NDArray forward(NDArray x) {
    for (VaeResnetBlock block : blocks.items()) {
      x = block.forward(x);
    }
    if (downsample != null) {
      x = downsample.forward(x);
    }
    return upsample == null ? x : upsample.forward(x);
  }
}
