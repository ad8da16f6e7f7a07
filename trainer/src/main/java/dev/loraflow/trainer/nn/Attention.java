package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;

/** Multi-head scaled dot-product attention, materialized (DJL has no fused kernel). */
public final class Attention {

  private Attention() {}

  /**
   * softmax(q k^T / sqrt(d) + mask) v per head, for q [B, Tq, C] and k, v [B, Tk, C] with C = heads
   * * d; {@code mask} (additive, broadcast to [B*heads, Tq, Tk]) may be null.
   */
  public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    return Scopes.keepResult(() -> attendInScope(q, k, v, heads, mask));
  }

  private static NDArray attendInScope(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    long batch = q.getShape().get(0);
    long queries = q.getShape().get(1);
    long channels = q.getShape().get(2);
    long headDim = channels / heads;
    NDArray qh = splitHeads(q, heads);
    NDArray kh = splitHeads(k, heads);
    NDArray vh = splitHeads(v, heads);
    NDArray scores = qh.batchMatMul(kh.transpose(0, 2, 1)).mul(1.0 / Math.sqrt(headDim));
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray weights = scores.softmax(-1);
    scores.close(); // [B*heads, Tq, Tk] is the largest activation: free it before the next one
    NDArray out = weights.batchMatMul(vh);
    return out.reshape(batch, heads, queries, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(batch, queries, channels);
  }

  /** [B, T, heads*d] to [B*heads, T, d]. */
  private static NDArray splitHeads(NDArray x, int heads) {
    long batch = x.getShape().get(0);
    long tokens = x.getShape().get(1);
    long headDim = x.getShape().get(2) / heads;
    return x.reshape(batch, tokens, heads, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(batch * heads, tokens, headDim);
  }
}
