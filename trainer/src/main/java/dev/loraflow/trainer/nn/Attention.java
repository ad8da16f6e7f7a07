package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * Multi-head scaled dot-product attention, by one of two {@link Implementation}s: the fused {@code
 * torch.scaled_dot_product_attention} or the materialized matmul-softmax reference. The system
 * property {@value #PROPERTY} ({@code sdpa} or {@code matmul_softmax}) picks the one a process
 * starts with; {@link #setImplementation} changes it.
 */
public final class Attention {

  /** The system property read once, when this class is first used. */
  public static final String PROPERTY = "loraflow.attention";

  /** How {@link #attend} computes softmax(q k^T / sqrt(d) + mask) v. */
  public enum Implementation {
    /**
     * {@code torch.scaled_dot_product_attention} through a TorchScript module: on CPU the flash
     * kernel, which never holds the [Tq, Tk] weights, forward or backward.
     */
    SDPA,
    /**
     * batchMatMul, softmax, batchMatMul: the reference; it materializes and, under a gradient
     * collector, keeps the [B*heads, Tq, Tk] weights (512 MB at 4096 tokens and 8 heads).
     */
    MATMUL_SOFTMAX
  }

  private static volatile Implementation implementation = fromProperty();

  private Attention() {}

  public static Implementation implementation() {
    return implementation;
  }

  /** Sets the implementation every later {@link #attend} call uses, in every thread. */
  public static void setImplementation(Implementation implementation) {
    if (implementation == null) {
      throw new IllegalArgumentException("Attention.setImplementation: implementation is null");
    }
    Attention.implementation = implementation;
  }

  /**
   * softmax(q k^T / sqrt(d) + mask) v per head, for q [B, Tq, C] and k, v [B, Tk, C] with C = heads
   * * d; {@code mask} (additive, [Tq, Tk], [1, Tq, Tk] or [B*heads, Tq, Tk]) may be null.
   */
  public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    Implementation chosen = implementation;
    return Scopes.keepResult(
        () ->
            chosen == Implementation.SDPA
                ? fused(q, k, v, heads, mask)
                : materialized(q, k, v, heads, mask));
  }

  private static NDArray fused(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    long batch = q.getShape().get(0);
    long queries = q.getShape().get(1);
    long channels = q.getShape().get(2);
    NDArray out =
        ScaledDotProductAttention.attend(
            headsAxis(q, heads),
            headsAxis(k, heads),
            headsAxis(v, heads),
            fourDims(mask, batch, heads));
    return out.transpose(0, 2, 1, 3).reshape(batch, queries, channels);
  }

  private static NDArray materialized(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    long batch = q.getShape().get(0);
    long queries = q.getShape().get(1);
    long channels = q.getShape().get(2);
    long headDim = channels / heads;
    NDArray qh = splitHeads(q, heads);
    NDArray kh = splitHeads(k, heads);
    NDArray vh = splitHeads(v, heads);
    NDArray scores =
        qh.batchMatMul(kh.transpose(0, 2, 1)).mul(Scalars.like(qh, 1.0 / Math.sqrt(headDim)));
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

  /** [B, T, heads*d] to [B, heads, T, d], the layout SDPA's flash kernel takes. */
  private static NDArray headsAxis(NDArray x, int heads) {
    Shape shape = x.getShape();
    return x.reshape(shape.get(0), shape.get(1), heads, shape.get(2) / heads).transpose(0, 2, 1, 3);
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

  /**
   * The mask as SDPA's flash kernel takes it, [Tq, Tk] or 4-D ([1, Tq, Tk] to [1, 1, Tq, Tk],
   * [B*heads, Tq, Tk] to [B, heads, Tq, Tk]); any other rank would send it to the slow kernel.
   */
  private static NDArray fourDims(NDArray mask, long batch, int heads) {
    if (mask == null || mask.getShape().dimension() == 2) {
      return mask;
    }
    Shape shape = mask.getShape();
    boolean shared = shape.dimension() == 3 && shape.get(0) == 1;
    if (!shared && !(shape.dimension() == 3 && shape.get(0) == batch * heads)) {
      throw new IllegalArgumentException(
          "Attention.attend: mask must be [Tq, Tk], [1, Tq, Tk] or [B*heads, Tq, Tk] = ["
              + batch * heads
              + ", Tq, Tk], not "
              + shape);
    }
    return shared
        ? mask.reshape(1, 1, shape.get(1), shape.get(2))
        : mask.reshape(batch, heads, shape.get(1), shape.get(2));
  }

  private static Implementation fromProperty() {
    String value = System.getProperty(PROPERTY, "sdpa");
    try {
      return Implementation.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "system property " + PROPERTY + " must be sdpa or matmul_softmax, not '" + value + "'",
          e);
    }
  }
}
