package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Activations;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.sd.VaeConfig;

/**
 * Latent z [B, z, h, w] to an image [B, 3, 8h, 8w]. As in ldm, {@code up.N} is numbered by
 * resolution level (0 = full size) but applied from the lowest level up.
 */
public final class VaeDecoder extends Module {

  private final Conv2d convIn;
  private final VaeMidBlock mid;
  private final ModuleList<VaeLevel> up;
  private final GroupNorm normOut;
  private final Conv2d convOut;

  public VaeDecoder(VaeConfig c) {
    int levels = c.channelMult().size();
    long ch = (long) c.baseChannels() * c.channelMult().get(levels - 1);
    convIn = child("conv_in", Conv2d.same(c.zChannels(), ch, 3));
    mid = child("mid", new VaeMidBlock(ch, c.normGroups()));
    VaeLevel[] byLevel = new VaeLevel[levels];
    for (int level = levels - 1; level >= 0; level--) {
      long out = (long) c.baseChannels() * c.channelMult().get(level);
      byLevel[level] = VaeLevel.decoder(ch, out, c.numResBlocks() + 1, c.normGroups(), level > 0);
      ch = out;
    }
    up = child("up", new ModuleList<>());
    for (VaeLevel level : byLevel) {
      up.add(level);
    }
    normOut = child("norm_out", new GroupNorm(c.normGroups(), ch, 1e-6f));
    convOut = child("conv_out", Conv2d.same(ch, c.outChannels(), 3));
  }

  public NDArray forward(NDArray z) {
    NDArray h = mid.forward(convIn.forward(z));
    for (int level = up.size() - 1; level >= 0; level--) {
      h = up.get(level).forward(h);
    }
    return convOut.forward(Activations.silu(normOut.forward(h)));
  }
}
