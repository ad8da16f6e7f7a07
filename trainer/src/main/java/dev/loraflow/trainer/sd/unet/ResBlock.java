package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Activations;
import dev.loraflow.trainer.nn.Container;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scopes;

/**
 * ldm's ResBlock: two GroupNorm-SiLU-conv stages with the time embedding added between them, and a
 * 1x1 conv on the skip path when the width changes.
 */
public final class ResBlock extends Module {

  private final GroupNorm inNorm;
  private final Conv2d inConv;
  private final Linear embProj;
  private final GroupNorm outNorm;
  private final Conv2d outConv;
  private final Conv2d skipConnection;

  public ResBlock(long in, long out, long timeEmbedDim, int groups) {
    Container inLayers = child("in_layers", new Container());
    inNorm = inLayers.add("0", new GroupNorm(groups, in, 1e-5f));
    inConv = inLayers.add("2", Conv2d.same(in, out, 3));
    embProj = child("emb_layers", new Container()).add("1", new Linear(timeEmbedDim, out, true));
    Container outLayers = child("out_layers", new Container());
    outNorm = outLayers.add("0", new GroupNorm(groups, out, 1e-5f));
    outConv = outLayers.add("3", Conv2d.same(out, out, 3));
    skipConnection = in == out ? null : child("skip_connection", Conv2d.same(in, out, 1));
  }

  public NDArray forward(NDArray x, NDArray emb) {
    return Scopes.keepResult(() -> forwardInScope(x, emb));
  }

  private NDArray forwardInScope(NDArray x, NDArray emb) {
    NDArray h = inConv.forward(Activations.silu(inNorm.forward(x)));
    NDArray e = embProj.forward(Activations.silu(emb)); // [B, out]
    h = h.add(e.expandDims(2).expandDims(3));
    h = outConv.forward(Activations.silu(outNorm.forward(h))); // dropout is 0 in SD
    return (skipConnection == null ? x : skipConnection.forward(x)).add(h);
  }
}
