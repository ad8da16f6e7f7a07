package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Module;

/** ResnetBlock, attention, ResnetBlock at the lowest resolution. */
public final class VaeMidBlock extends Module {

  private final VaeResnetBlock block1;
  private final VaeAttention attn1;
  private final VaeResnetBlock block2;

  public VaeMidBlock(long channels, int groups) {
    block1 = child("block_1", new VaeResnetBlock(channels, channels, groups));
    attn1 = child("attn_1", new VaeAttention(channels, groups));
    block2 = child("block_2", new VaeResnetBlock(channels, channels, groups));
  }

  public NDArray forward(NDArray x) {
    return block2.forward(attn1.forward(block1.forward(x)));
  }
}
