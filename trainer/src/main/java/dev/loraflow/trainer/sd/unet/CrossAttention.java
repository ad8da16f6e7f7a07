package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.nn.Container;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;

/** Multi-head attention from image tokens to a context (itself for attn1, the text for attn2). */
public final class CrossAttention extends Module {

  private final int heads;
  private final Linear toQ;
  private final Linear toK;
  private final Linear toV;
  private final Linear toOut;

  public CrossAttention(long queryDim, long contextDim, int heads) {
    this.heads = heads;
    toQ = child("to_q", new Linear(queryDim, queryDim, false));
    toK = child("to_k", new Linear(contextDim, queryDim, false));
    toV = child("to_v", new Linear(contextDim, queryDim, false));
    toOut = child("to_out", new Container()).add("0", new Linear(queryDim, queryDim, true));
  }

  public NDArray forward(NDArray x, NDArray context) {
    return toOut.forward(
        Attention.attend(toQ.forward(x), toK.forward(context), toV.forward(context), heads, null));
  }
}
