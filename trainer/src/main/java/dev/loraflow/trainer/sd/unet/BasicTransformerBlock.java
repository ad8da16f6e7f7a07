package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.LayerNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scopes;

/**
 * Self-attention, cross-attention to the text, then feed-forward; each pre-norm with a residual.
 */
public final class BasicTransformerBlock extends Module {

  private final CrossAttention attn1;
  private final FeedForward ff;
  private final CrossAttention attn2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;

  public BasicTransformerBlock(long dim, long contextDim, int heads) {
    attn1 = child("attn1", new CrossAttention(dim, dim, heads));
    ff = child("ff", new FeedForward(dim));
    attn2 = child("attn2", new CrossAttention(dim, contextDim, heads));
    norm1 = child("norm1", new LayerNorm(dim, 1e-5f));
    norm2 = child("norm2", new LayerNorm(dim, 1e-5f));
    norm3 = child("norm3", new LayerNorm(dim, 1e-5f));
  }

  public NDArray forward(NDArray x, NDArray context) {
    return Scopes.keepResult(
        () -> {
          NDArray h = norm1.forward(x);
          NDArray selfAttended = x.add(attn1.forward(h, h));
          NDArray crossAttended =
              selfAttended.add(attn2.forward(norm2.forward(selfAttended), context));
          return crossAttended.add(ff.forward(norm3.forward(crossAttended)));
        });
  }
}
