package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtSymbolBlock;

/**
 * Float casts that autograd records. DJL 0.36's {@code toType} starts a new graph, so a LoRA
 * between half-precision layers, or a text encoder whose output is cast for the UNet, would get no
 * gradient; these casts run {@code Tensor.half()} / {@code Tensor.float()} as TorchScript instead.
 */
public final class Casts {

  private Casts() {}

  /** {@code x} as FLOAT32 or FLOAT16 (itself when it already is), keeping the autograd graph. */
  public static NDArray to(NDArray x, DataType type) {
    if (x.getDataType() == type) {
      return x;
    }
    return switch (type) {
      case FLOAT16 -> TorchScriptModules.run(Modules.HALF, x);
      case FLOAT32 -> TorchScriptModules.run(Modules.FLOAT, x);
      default ->
          throw new IllegalArgumentException(
              "Casts.to: FLOAT32 or FLOAT16 only (those carry gradients), got " + type);
    };
  }

  private static final class Modules {
    static final PtSymbolBlock HALF =
        TorchScriptModules.load(
            "ToHalf",
            "  def forward(self: __torch__.ToHalf, x: Tensor) -> Tensor:\n"
                + "    return x.half()\n");
    static final PtSymbolBlock FLOAT =
        TorchScriptModules.load(
            "ToFloat",
            "  def forward(self: __torch__.ToFloat, x: Tensor) -> Tensor:\n"
                + "    return x.float()\n");
  }
}
