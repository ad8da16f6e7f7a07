package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What kohya draws for each batch before the UNet runs: the noise added to the latents, with an
 * optional per-channel noise offset, and one uniform timestep per sample. All draws come from a
 * {@link NoiseSource}, so a resumed run continues the same sequence.
 */
public final class TrainingNoise {

  private final double noiseOffset;
  private final boolean randomStrength;
  private final int minTimestep;
  private final int maxTimestep;

  private TrainingNoise(
      double noiseOffset, boolean randomStrength, int minTimestep, int maxTimestep) {
    this.noiseOffset = noiseOffset;
    this.randomStrength = randomStrength;
    this.minTimestep = minTimestep;
    this.maxTimestep = maxTimestep;
  }

  /** Plain noise and timesteps in [0, {@code numTrainTimesteps}) (1000 for SD 1.x). */
  public static TrainingNoise create(int numTrainTimesteps) {
    if (numTrainTimesteps < 1) {
      throw new IllegalArgumentException(
          "TrainingNoise numTrainTimesteps must be >= 1, got " + numTrainTimesteps);
    }
    return new TrainingNoise(0, false, 0, numTrainTimesteps);
  }

  /**
   * kohya's {@code noise_offset}: adds {@code offset * randn(B, C, 1, 1)} to the noise. With {@code
   * randomStrength} ({@code noise_offset_random_strength}) the offset is drawn uniformly in [0,
   * offset) once per batch.
   */
  public TrainingNoise withNoiseOffset(double offset, boolean randomStrength) {
    if (!(offset >= 0) || Double.isInfinite(offset)) {
      throw new IllegalArgumentException(
          "TrainingNoise noise offset must be finite and >= 0, got " + offset);
    }
    return new TrainingNoise(offset, randomStrength, minTimestep, maxTimestep);
  }

  /** kohya's {@code min_timestep} and {@code max_timestep}: timesteps are drawn in [min, max). */
  public TrainingNoise withTimestepRange(int min, int max) {
    if (min < 0 || min >= max) {
      throw new IllegalArgumentException(
          "TrainingNoise timestep range needs 0 <= min_timestep < max_timestep, got ["
              + min
              + ", "
              + max
              + ")");
    }
    return new TrainingNoise(noiseOffset, randomStrength, min, max);
  }

  /** Noise shaped like {@code latents} [B, C, H, W] on their manager, offset included. */
  public NDArray noiseLike(NDArray latents, NoiseSource random) {
    Shape shape = latents.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("latents must be [B, C, H, W], got " + shape);
    }
    NDArray noise = random.gaussian(latents.getManager(), shape);
    if (noiseOffset > 0) {
      double offset = randomStrength ? random.uniform() * noiseOffset : noiseOffset;
      NDArray perChannel =
          random.gaussian(latents.getManager(), new Shape(shape.get(0), shape.get(1), 1, 1));
      noise.addi(perChannel.muli(offset));
    }
    return noise;
  }

  /** One timestep per sample, uniform in [min, max) like torch.randint. */
  public long[] timesteps(int batchSize, NoiseSource random) {
    long[] timesteps = new long[batchSize];
    for (int i = 0; i < batchSize; i++) {
      timesteps[i] = random.uniformInt(minTimestep, maxTimestep);
    }
    return timesteps;
  }
}
