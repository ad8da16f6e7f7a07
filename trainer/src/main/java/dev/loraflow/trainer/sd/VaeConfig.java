package dev.loraflow.trainer.sd;

import java.util.List;
import java.util.Map;

/** Sizes of SD's KL autoencoder (ldm {@code AutoencoderKL}); {@link #sd15()} holds SD 1.x's. */
public record VaeConfig(
    int inChannels,
    int outChannels,
    int baseChannels,
    List<Integer> channelMult,
    int numResBlocks,
    int zChannels,
    int embedDim,
    int normGroups) {

  /** Latents are scaled by this so they have roughly unit variance for the UNet. */
  public static final float SD15_SCALE_FACTOR = 0.18215f;

  public VaeConfig {
    channelMult = List.copyOf(channelMult);
    positive("inChannels", inChannels);
    positive("outChannels", outChannels);
    positive("baseChannels", baseChannels);
    positive("numResBlocks", numResBlocks);
    positive("zChannels", zChannels);
    positive("embedDim", embedDim);
    positive("normGroups", normGroups);
    if (channelMult.isEmpty()) {
      throw new IllegalArgumentException("channelMult must name at least one level");
    }
    for (int mult : channelMult) {
      if (mult <= 0 || baseChannels * mult % normGroups != 0) {
        throw new IllegalArgumentException(
            "channelMult "
                + mult
                + " must be positive and give channels divisible by normGroups "
                + normGroups);
      }
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  public static VaeConfig sd15() {
    return new VaeConfig(3, 3, 128, List.of(1, 2, 4, 4), 2, 4, 4, 32);
  }

  /** Sizes read from tensor shapes (keys relative to {@code first_stage_model.}). */
  public static VaeConfig fromShapes(Map<String, long[]> shapes) {
    int base = (int) ShapeMaps.dim(shapes, "encoder.conv_in.weight", 0);
    int levels = ShapeMaps.countIndexed(shapes, "encoder.down.");
    List<Integer> mult = new java.util.ArrayList<>();
    for (int i = 0; i < levels; i++) {
      mult.add(
          (int) (ShapeMaps.dim(shapes, "encoder.down." + i + ".block.0.conv1.weight", 0) / base));
    }
    return new VaeConfig(
        (int) ShapeMaps.dim(shapes, "encoder.conv_in.weight", 1),
        (int) ShapeMaps.dim(shapes, "decoder.conv_out.weight", 0),
        base,
        mult,
        ShapeMaps.countIndexed(shapes, "encoder.down.0.block."),
        (int) ShapeMaps.dim(shapes, "encoder.conv_out.weight", 0) / 2,
        (int) ShapeMaps.dim(shapes, "quant_conv.weight", 0) / 2,
        32);
  }
}
