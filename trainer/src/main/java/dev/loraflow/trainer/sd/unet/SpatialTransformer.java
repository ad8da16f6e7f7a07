package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.nn.Scopes;

/**
 * Attention over the pixels of a feature map: GroupNorm, a 1x1 conv in (SD 1.x uses convs, SD 2
 * linears), transformer blocks over the H*W tokens, a 1x1 conv out, and a residual.
 */
public final class SpatialTransformer extends Module {

  private final GroupNorm norm;
  private final Conv2d projIn;
  private final ModuleList<BasicTransformerBlock> transformerBlocks;
  private final Conv2d projOut;

  public SpatialTransformer(long channels, long contextDim, int heads, int depth, int groups) {
    norm = child("norm", new GroupNorm(groups, channels, 1e-6f));
    projIn = child("proj_in", Conv2d.same(channels, channels, 1));
    transformerBlocks = child("transformer_blocks", new ModuleList<>());
    for (int i = 0; i < depth; i++) {
      transformerBlocks.add(new BasicTransformerBlock(channels, contextDim, heads));
    }
    projOut = child("proj_out", Conv2d.same(channels, channels, 1));
  }

  public NDArray forward(NDArray x, NDArray context) {
    return Scopes.keepResult(() -> forwardInScope(x, context));
  }

  private NDArray forwardInScope(NDArray x, NDArray context) {
    Shape shape = x.getShape(); // [B, C, H, W]
    long batch = shape.get(0);
    long channels = shape.get(1);
    NDArray h = projIn.forward(norm.forward(x));
    h = h.reshape(batch, channels, -1).transpose(0, 2, 1); // [B, H*W, C]
    for (BasicTransformerBlock block : transformerBlocks.items()) {
      h = block.forward(h, context);
    }
    h = h.transpose(0, 2, 1).reshape(shape);
    return projOut.forward(h).add(x);
  }
}
