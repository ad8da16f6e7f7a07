package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;

/**
 * {@code torch.scaled_dot_product_attention} (flash attention on CPU: the [Tq, Tk] weights are
 * never materialized, forward or backward), which DJL's JNI does not bind, run as a TorchScript
 * module written and loaded once per process. Autograd records through it like through any DJL op.
 */
final class ScaledDotProductAttention {

  private ScaledDotProductAttention() {}

  /**
   * For q [B, heads, Tq, d] and k, v [B, heads, Tk, d]; {@code mask} (additive, [Tq, Tk] or [B or
   * 1, heads or 1, Tq, Tk]: other ranks make SDPA fall back to its materialized kernel) may be
   * null. The result is attached to q's manager.
   */
  static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) {
    return mask == null
        ? TorchScriptModules.run(Modules.UNMASKED, q, k, v)
        : TorchScriptModules.run(Modules.MASKED, q, k, v, mask);
  }

  /** The two modules, loaded on first use and kept for the life of the process. */
  private static final class Modules {
    static final PtSymbolBlock UNMASKED =
        TorchScriptModules.load(
            "Sdpa",
            "  def forward(self: __torch__.Sdpa, q: Tensor, k: Tensor, v: Tensor) -> Tensor:\n"
                + "    return torch.scaled_dot_product_attention(q, k, v)\n");
    static final PtSymbolBlock MASKED =
        TorchScriptModules.load(
            "MaskedSdpa",
            "  def forward(self: __torch__.MaskedSdpa, q: Tensor, k: Tensor, v: Tensor,"
                + " mask: Tensor) -> Tensor:\n"
                + "    return torch.scaled_dot_product_attention(q, k, v, mask)\n");
  }
}
