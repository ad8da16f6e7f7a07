package dev.loraflow.trainer.lora;

/**
 * What kohya's {@code networks.lora} is told: the rank and alpha of the LoRAs on linear and 1x1
 * conv layers, those of the 3x3 conv LoRAs (which also bring the ResBlocks and up/down samplers in
 * as targets), whether the text encoder is trained, and the output multiplier. An alpha of 0 means
 * "equal to the rank" (scale 1), as kohya reads it.
 *
 * @param rank {@code network_dim}: rank of every linear and 1x1 conv LoRA
 * @param alpha {@code network_alpha}: the delta is scaled by alpha / rank
 * @param convRank {@code conv_dim}: rank of the 3x3 conv LoRAs; 0 leaves ResBlocks and samplers out
 * @param convAlpha {@code conv_alpha}, scaling the 3x3 conv LoRAs by convAlpha / convRank
 * @param trainTextEncoder false is kohya's {@code network_train_unet_only}
 * @param multiplier how much of the delta is added (1 while training)
 */
public record LoraConfig(
    int rank,
    float alpha,
    int convRank,
    float convAlpha,
    boolean trainTextEncoder,
    float multiplier) {

  public LoraConfig {
    if (rank <= 0) {
      throw new IllegalArgumentException("LoraConfig.rank must be positive, got " + rank);
    }
    if (convRank < 0) {
      throw new IllegalArgumentException(
          "LoraConfig.convRank must be 0 (off) or positive, got " + convRank);
    }
    alpha = checkedAlpha("alpha", alpha, rank);
    convAlpha = convRank == 0 ? convAlpha : checkedAlpha("convAlpha", convAlpha, convRank);
    if (!Float.isFinite(multiplier)) {
      throw new IllegalArgumentException("LoraConfig.multiplier must be finite, got " + multiplier);
    }
  }

  /** kohya's defaults: rank 4, alpha 1, no conv LoRAs, text encoder trained, multiplier 1. */
  public static LoraConfig defaults() {
    return new LoraConfig(4, 1f, 0, 1f, true, 1f);
  }

  public LoraConfig withRank(int rank, float alpha) {
    return new LoraConfig(rank, alpha, convRank, convAlpha, trainTextEncoder, multiplier);
  }

  public LoraConfig withConv(int convRank, float convAlpha) {
    return new LoraConfig(rank, alpha, convRank, convAlpha, trainTextEncoder, multiplier);
  }

  public LoraConfig withTrainTextEncoder(boolean trainTextEncoder) {
    return new LoraConfig(rank, alpha, convRank, convAlpha, trainTextEncoder, multiplier);
  }

  public LoraConfig withMultiplier(float multiplier) {
    return new LoraConfig(rank, alpha, convRank, convAlpha, trainTextEncoder, multiplier);
  }

  private static float checkedAlpha(String field, float alpha, int rank) {
    if (!Float.isFinite(alpha) || alpha < 0) {
      throw new IllegalArgumentException(
          "LoraConfig." + field + " must be finite and not negative, got " + alpha);
    }
    return alpha == 0 ? rank : alpha;
  }
}
