package dev.loraflow.trainer.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    NDList inputs = mask == null ? new NDList(q, k, v) : new NDList(q, k, v, mask);
    PtSymbolBlock module = mask == null ? Modules.UNMASKED : Modules.MASKED;
    // isTrain = true runs the method under the caller's grad mode (false would force inference
    // mode, whose tensors autograd refuses); the module has no dropout, so train mode changes
    // nothing else.
    return IValueUtils.forward(module, inputs, true).singletonOrThrow();
  }

  /** The two modules, loaded on first use and kept for the life of the process. */
  private static final class Modules {
    private static final PtNDManager MANAGER =
        (PtNDManager) Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
    static final PtSymbolBlock UNMASKED =
        load(
            "Sdpa",
            "  def forward(self: __torch__.Sdpa, q: Tensor, k: Tensor, v: Tensor) -> Tensor:\n"
                + "    return torch.scaled_dot_product_attention(q, k, v)\n");
    static final PtSymbolBlock MASKED =
        load(
            "MaskedSdpa",
            "  def forward(self: __torch__.MaskedSdpa, q: Tensor, k: Tensor, v: Tensor,"
                + " mask: Tensor) -> Tensor:\n"
                + "    return torch.scaled_dot_product_attention(q, k, v, mask)\n");

    /** Parameterless, so one module loaded on the CPU serves inputs on any device. */
    private static PtSymbolBlock load(String className, String methods) {
      try {
        Path dir = Files.createTempDirectory("loraflow-sdpa");
        Path file = dir.resolve(className + ".pt");
        try {
          TorchScriptArchive.write(file, className, methods);
          return JniUtils.loadModule(MANAGER, file, true, new String[0], new String[0], true);
        } finally {
          Files.deleteIfExists(file);
          Files.delete(dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Attention: cannot write the TorchScript module " + className + " to a temp dir", e);
      }
    }
  }
}
