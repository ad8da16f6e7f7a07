package dev.loraflow.trainer.sd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sizes of the SD 1.x UNet (ldm {@code UNetModel}); {@link #sd15()} holds SD 1.5's values.
 *
 * @param channelMult channels of each resolution level as multiples of {@code modelChannels}
 * @param attentionLevels for each level, whether its blocks carry a SpatialTransformer
 * @param numHeads attention heads (SD 1.x fixes the head count; head size follows the width)
 */
public record UNetConfig(
    int inChannels,
    int outChannels,
    int modelChannels,
    List<Integer> channelMult,
    int numResBlocks,
    List<Boolean> attentionLevels,
    int numHeads,
    int contextDim,
    int transformerDepth,
    int normGroups) {

  public UNetConfig {
    channelMult = List.copyOf(channelMult);
    attentionLevels = List.copyOf(attentionLevels);
    positive("inChannels", inChannels);
    positive("outChannels", outChannels);
    positive("modelChannels", modelChannels);
    positive("numResBlocks", numResBlocks);
    positive("numHeads", numHeads);
    positive("contextDim", contextDim);
    positive("transformerDepth", transformerDepth);
    positive("normGroups", normGroups);
    if (channelMult.isEmpty()) {
      throw new IllegalArgumentException("channelMult must name at least one level");
    }
    if (attentionLevels.size() != channelMult.size()) {
      throw new IllegalArgumentException(
          "attentionLevels has "
              + attentionLevels.size()
              + " entries for "
              + channelMult.size()
              + " channelMult levels");
    }
    for (int mult : channelMult) {
      int channels = modelChannels * mult;
      if (mult <= 0 || channels % normGroups != 0 || channels % numHeads != 0) {
        throw new IllegalArgumentException(
            "channelMult "
                + mult
                + " gives "
                + channels
                + " channels, which must be positive and divisible by normGroups "
                + normGroups
                + " and numHeads "
                + numHeads);
      }
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  public static UNetConfig sd15() {
    return new UNetConfig(
        4, 4, 320, List.of(1, 2, 4, 4), 2, List.of(true, true, true, false), 8, 768, 1, 32);
  }

  /** Time embedding width: four times the model width, as in ldm. */
  public int timeEmbedDim() {
    return 4 * modelChannels;
  }

  /**
   * Sizes read from tensor shapes (keys relative to {@code model.diffusion_model.}), walking {@code
   * input_blocks}: a block with {@code 0.op} is a downsample that ends a level, any other block is
   * a ResBlock whose output width gives the level's multiple. The head count is not visible in
   * shapes and is given.
   */
  public static UNetConfig fromShapes(Map<String, long[]> shapes, int numHeads) {
    int modelChannels = (int) ShapeMaps.dim(shapes, "input_blocks.0.0.weight", 0);
    List<Integer> mult = new ArrayList<>();
    List<Boolean> attention = new ArrayList<>();
    int resBlocksInLevel = 0;
    int numResBlocks = -1;
    int blocks = ShapeMaps.countIndexed(shapes, "input_blocks.");
    for (int i = 1; i < blocks; i++) {
      if (shapes.containsKey("input_blocks." + i + ".0.op.weight")) {
        numResBlocks = resBlocksInLevel;
        resBlocksInLevel = 0;
        continue;
      }
      if (resBlocksInLevel == 0) {
        mult.add(
            (int)
                (ShapeMaps.dim(shapes, "input_blocks." + i + ".0.out_layers.3.weight", 0)
                    / modelChannels));
        attention.add(shapes.containsKey("input_blocks." + i + ".1.proj_in.weight"));
      }
      resBlocksInLevel++;
    }
    if (numResBlocks < 0) {
      numResBlocks = resBlocksInLevel;
    }
    return new UNetConfig(
        (int) ShapeMaps.dim(shapes, "input_blocks.0.0.weight", 1),
        (int) ShapeMaps.dim(shapes, "out.2.weight", 0),
        modelChannels,
        mult,
        numResBlocks,
        attention,
        numHeads,
        (int) ShapeMaps.dim(shapes, "middle_block.1.transformer_blocks.0.attn2.to_k.weight", 1),
        ShapeMaps.countIndexed(shapes, "middle_block.1.transformer_blocks."),
        32);
  }
}
