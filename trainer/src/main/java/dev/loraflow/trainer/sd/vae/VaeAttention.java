package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scopes;

/** Single-head self-attention over pixels with 1x1-conv projections (ldm {@code AttnBlock}). */
public final class VaeAttention extends Module {

  private final GroupNorm norm;
  private final Conv2d q;
  private final Conv2d k;
  private final Conv2d v;
  private final Conv2d projOut;

  public VaeAttention(long channels, int groups) {
    norm = child("norm", new GroupNorm(groups, channels, 1e-6f));
    q = child("q", Conv2d.same(channels, channels, 1));
    k = child("k", Conv2d.same(channels, channels, 1));
    v = child("v", Conv2d.same(channels, channels, 1));
    projOut = child("proj_out", Conv2d.same(channels, channels, 1));
  }

  public NDArray forward(NDArray x) {
    return Scopes.keepResult(
        () -> {
          Shape shape = x.getShape();
          NDArray h = norm.forward(x);
          NDArray attended =
              Attention.attend(
                  tokens(q.forward(h)), tokens(k.forward(h)), tokens(v.forward(h)), 1, null);
          NDArray map = attended.transpose(0, 2, 1).reshape(shape);
          return x.add(projOut.forward(map));
        });
  }

  /** [B, C, H, W] to [B, H*W, C]. */
  private static NDArray tokens(NDArray x) {
    return x.reshape(x.getShape().get(0), x.getShape().get(1), -1).transpose(0, 2, 1);
  }
}
