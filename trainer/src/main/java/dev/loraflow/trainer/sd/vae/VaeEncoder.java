package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Activations;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.sd.VaeConfig;

/** Image [B, 3, H, W] in [-1, 1] to the moments [B, 2z, H/8, W/8] (mean and log-variance). */
public final class VaeEncoder extends Module {

  private final Conv2d convIn;
  private final ModuleList<VaeLevel> down;
  private final VaeMidBlock mid;
  private final GroupNorm normOut;
  private final Conv2d convOut;

  public VaeEncoder(VaeConfig c) {
    convIn = child("conv_in", Conv2d.same(c.inChannels(), c.baseChannels(), 3));
    down = child("down", new ModuleList<>());
    long ch = c.baseChannels();
    int levels = c.channelMult().size();
    for (int level = 0; level < levels; level++) {
      long out = (long) c.baseChannels() * c.channelMult().get(level);
      down.add(VaeLevel.encoder(ch, out, c.numResBlocks(), c.normGroups(), level < levels - 1));
      ch = out;
    }
    mid = child("mid", new VaeMidBlock(ch, c.normGroups()));
    normOut = child("norm_out", new GroupNorm(c.normGroups(), ch, 1e-6f));
    convOut = child("conv_out", Conv2d.same(ch, 2L * c.zChannels(), 3));
  }

  public NDArray forward(NDArray image) {
    NDArray h = convIn.forward(image);
    for (VaeLevel level : down.items()) {
      h = level.forward(h);
    }
    h = mid.forward(h);
    return convOut.forward(Activations.silu(normOut.forward(h)));
  }
}
