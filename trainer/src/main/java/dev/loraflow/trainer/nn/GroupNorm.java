package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group normalization over NCHW: channels split in groups, each normalized by its own mean and
 * biased variance, then scaled and shifted per channel. DJL binds no group norm, and composing one
 * from its ops costs nine kernels and five full-size intermediates per call (61 calls in an SD
 * UNet, each kept for backward), so this runs libtorch's fused {@code torch.group_norm} as a
 * TorchScript module, one per (groups, eps), with forward and backward in two passes each.
 */
public final class GroupNorm extends Module {

  private static final Map<String, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

  private final PtSymbolBlock module;
  private final Weight weight;
  private final Weight bias;

  public GroupNorm(int groups, long channels, float eps) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException(
          channels + " channels do not split into " + groups + " groups");
    }
    this.module = MODULES.computeIfAbsent(groups + "/" + eps, key -> load(groups, eps));
    this.weight = weight("weight", channels);
    this.bias = weight("bias", channels);
  }

  public NDArray forward(NDArray x) {
    return TorchScriptModules.run(module, x, weight.array(), bias.array());
  }

  private static PtSymbolBlock load(int groups, float eps) {
    // Float.toString is the shortest decimal that reads back as eps, and TorchScript parses it
    return TorchScriptModules.load(
        "GroupNorm",
        "  def forward(self: __torch__.GroupNorm, x: Tensor, w: Tensor, b: Tensor) -> Tensor:\n"
            + "    return torch.group_norm(x, "
            + groups
            + ", w, b, "
            + Float.toString(eps)
            + ")\n");
  }
}
