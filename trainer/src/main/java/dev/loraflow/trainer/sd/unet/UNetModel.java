package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.loraflow.trainer.nn.Activations;
import dev.loraflow.trainer.nn.Casts;
import dev.loraflow.trainer.nn.Container;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.sd.UNetConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The SD 1.x denoising UNet (ldm {@code UNetModel}, keys under {@code model.diffusion_model.}):
 * sinusoidal time embedding, an encoder of ResBlocks and SpatialTransformers with downsampling, a
 * middle block, and a decoder that concatenates the encoder's skips. Predicts the noise.
 */
public final class UNetModel extends Module {

  public static final String CHECKPOINT_PREFIX = "model.diffusion_model.";

  private final UNetConfig config;
  private final Linear timeEmbed0;
  private final Linear timeEmbed2;
  private final ModuleList<TimestepSequential> inputBlocks;
  private final TimestepSequential middleBlock;
  private final ModuleList<TimestepSequential> outputBlocks;
  private final GroupNorm outNorm;
  private final Conv2d outConv;

  public UNetModel(UNetConfig c) {
    this.config = c;
    int mc = c.modelChannels();
    long embedDim = c.timeEmbedDim();
    Container timeEmbed = child("time_embed", new Container());
    timeEmbed0 = timeEmbed.add("0", new Linear(mc, embedDim, true));
    timeEmbed2 = timeEmbed.add("2", new Linear(embedDim, embedDim, true));

    inputBlocks = child("input_blocks", new ModuleList<>());
    inputBlocks.add(new TimestepSequential().add(Conv2d.same(c.inChannels(), mc, 3)));
    List<Long> skipChannels = new ArrayList<>(List.of((long) mc));
    long ch = mc;
    int levels = c.channelMult().size();
    for (int level = 0; level < levels; level++) {
      long out = (long) mc * c.channelMult().get(level);
      for (int i = 0; i < c.numResBlocks(); i++) {
        TimestepSequential block =
            new TimestepSequential().add(new ResBlock(ch, out, embedDim, c.normGroups()));
        ch = out;
        if (c.attentionLevels().get(level)) {
          block.add(transformer(ch));
        }
        inputBlocks.add(block);
        skipChannels.add(ch);
      }
      if (level < levels - 1) {
        inputBlocks.add(new TimestepSequential().add(new Downsample(ch)));
        skipChannels.add(ch);
      }
    }

    middleBlock =
        child(
            "middle_block",
            new TimestepSequential()
                .add(new ResBlock(ch, ch, embedDim, c.normGroups()))
                .add(transformer(ch))
                .add(new ResBlock(ch, ch, embedDim, c.normGroups())));

    outputBlocks = child("output_blocks", new ModuleList<>());
    for (int level = levels - 1; level >= 0; level--) {
      long out = (long) mc * c.channelMult().get(level);
      for (int i = 0; i <= c.numResBlocks(); i++) {
        long skip = skipChannels.remove(skipChannels.size() - 1);
        TimestepSequential block =
            new TimestepSequential().add(new ResBlock(ch + skip, out, embedDim, c.normGroups()));
        ch = out;
        if (c.attentionLevels().get(level)) {
          block.add(transformer(ch));
        }
        if (level > 0 && i == c.numResBlocks()) {
          block.add(new Upsample(ch));
        }
        outputBlocks.add(block);
      }
    }

    Container out = child("out", new Container());
    outNorm = out.add("0", new GroupNorm(c.normGroups(), ch, 1e-5f));
    outConv = out.add("2", Conv2d.same(ch, c.outChannels(), 3));
  }

  private SpatialTransformer transformer(long channels) {
    return new SpatialTransformer(
        channels,
        config.contextDim(),
        config.numHeads(),
        config.transformerDepth(),
        config.normGroups());
  }

  public UNetConfig config() {
    return config;
  }

  /**
   * Predicted noise for latents x [B, C, H, W] at timesteps [B] (any numeric type) given text
   * hidden states [B, T, contextDim]. Intermediates are freed; the result belongs to x's manager.
   */
  public NDArray forward(NDArray x, NDArray timesteps, NDArray context) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      DataType type = weightType();
      NDArray sinusoids = timestepEmbedding(timesteps).toType(type, false);
      NDArray emb = timeEmbed2.forward(Activations.silu(timeEmbed0.forward(sinusoids)));
      NDArray text = Casts.to(context, type); // a trained text encoder needs its gradient back
      Deque<NDArray> skips = new ArrayDeque<>();
      NDArray h = x.toType(type, false);
      for (TimestepSequential block : inputBlocks.items()) {
        h = block.forward(h, emb, text);
        skips.push(h);
      }
      h = middleBlock.forward(h, emb, text);
      for (TimestepSequential block : outputBlocks.items()) {
        NDArray skip = skips.pop();
        h = block.forward(NDArrays.concat(new NDList(croppedTo(h, skip), skip), 1), emb, text);
      }
      NDArray out =
          Casts.to(outConv.forward(Activations.silu(outNorm.forward(h))), DataType.FLOAT32);
      NDScope.unregister(out);
      out.attach(x.getManager());
      return out;
    }
  }

  /**
   * A latent side that is not a multiple of 8 is halved rounding up, so doubling it back gives one
   * row or column more than the skip: dropped, as A1111 does (its nearest resize to the skip's size
   * keeps exactly the first rows), so any multiple of 8 pixels works.
   */
  private static NDArray croppedTo(NDArray h, NDArray skip) {
    long height = skip.getShape().get(2);
    long width = skip.getShape().get(3);
    if (h.getShape().get(2) == height && h.getShape().get(3) == width) {
      return h;
    }
    return h.get(":, :, 0:" + height + ", 0:" + width);
  }

  /** [cos(t f_j), sin(t f_j)] with f_j = exp(-ln(10000) j / half), cos first as in ldm. */
  NDArray timestepEmbedding(NDArray timesteps) {
    int half = config.modelChannels() / 2;
    NDArray freqs =
        timesteps
            .getManager()
            .arange(0, half, 1, DataType.FLOAT32)
            .mul(-Math.log(10000))
            .div(half)
            .exp();
    NDArray args = timesteps.toType(DataType.FLOAT32, false).expandDims(1).mul(freqs.expandDims(0));
    return NDArrays.concat(new NDList(args.cos(), args.sin()), -1);
  }
}
