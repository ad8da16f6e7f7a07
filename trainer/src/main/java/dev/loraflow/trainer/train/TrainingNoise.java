package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What kohya draws for each batch before the UNet runs: the noise the UNet learns to predict (plain
 * Gaussian, with kohya's optional noise offset, adaptive offset and multires noise), one uniform
 * timestep per sample, and the noise actually added to the latents (the target, or with {@code
 * ip_noise_gamma} a perturbed copy of it). All draws come from a {@link NoiseSource}, in kohya's
 * order, so a resumed run continues the same sequence.
 */
public final class TrainingNoise {

  private final double noiseOffset;
  private final boolean offsetRandomStrength;
  private final double adaptiveScale;
  private final int multiresIterations;
  private final double multiresDiscount;
  private final double ipNoiseGamma;
  private final boolean ipRandomStrength;
  private final int minTimestep;
  private final int maxTimestep;

  private TrainingNoise(
      double noiseOffset,
      boolean offsetRandomStrength,
      double adaptiveScale,
      int multiresIterations,
      double multiresDiscount,
      double ipNoiseGamma,
      boolean ipRandomStrength,
      int minTimestep,
      int maxTimestep) {
    this.noiseOffset = noiseOffset;
    this.offsetRandomStrength = offsetRandomStrength;
    this.adaptiveScale = adaptiveScale;
    this.multiresIterations = multiresIterations;
    this.multiresDiscount = multiresDiscount;
    this.ipNoiseGamma = ipNoiseGamma;
    this.ipRandomStrength = ipRandomStrength;
    this.minTimestep = minTimestep;
    this.maxTimestep = maxTimestep;
  }

  /** Plain noise and timesteps in [0, {@code numTrainTimesteps}) (1000 for SD 1.x). */
  public static TrainingNoise create(int numTrainTimesteps) {
    if (numTrainTimesteps < 1) {
      throw new IllegalArgumentException(
          "TrainingNoise numTrainTimesteps must be >= 1, got " + numTrainTimesteps);
    }
    return new TrainingNoise(0, false, 0, 0, 0, 0, false, 0, numTrainTimesteps);
  }

  /** The noise settings of {@code config}, each checked and named as the option is. */
  static TrainingNoise from(TrainingConfig config) {
    return create(1000)
        .withNoiseOffset(config.noiseOffset(), config.noiseOffsetRandomStrength())
        .withAdaptiveNoiseScale(config.adaptiveNoiseScale())
        .withMultiresNoise(config.multiresNoiseIterations(), config.multiresNoiseDiscount())
        .withInputPerturbation(config.ipNoiseGamma(), config.ipNoiseGammaRandomStrength())
        .withTimestepRange(config.minTimestep(), config.maxTimestep());
  }

  /**
   * kohya's {@code noise_offset}: adds {@code offset * randn(B, C, 1, 1)} to the noise. With {@code
   * randomStrength} ({@code noise_offset_random_strength}) the offset is drawn uniformly in [0,
   * offset) once per batch.
   */
  public TrainingNoise withNoiseOffset(double offset, boolean randomStrength) {
    if (!(offset >= 0) || Double.isInfinite(offset)) {
      throw new IllegalArgumentException("noiseOffset must be finite and >= 0, got " + offset);
    }
    return new TrainingNoise(
        offset,
        randomStrength,
        adaptiveScale,
        multiresIterations,
        multiresDiscount,
        ipNoiseGamma,
        ipRandomStrength,
        minTimestep,
        maxTimestep);
  }

  /**
   * kohya's {@code adaptive_noise_scale}: each sample and channel's offset grows by {@code scale}
   * times the absolute mean of that latent channel (never below 0), so darker or brighter images
   * get more. It needs a noise offset, as in kohya.
   */
  public TrainingNoise withAdaptiveNoiseScale(double scale) {
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("adaptiveNoiseScale must be finite, got " + scale);
    }
    if (scale != 0 && noiseOffset == 0) {
      throw new IllegalArgumentException(
          "adaptiveNoiseScale needs noiseOffset: it scales the offset by the latents' brightness");
    }
    return new TrainingNoise(
        noiseOffset,
        offsetRandomStrength,
        scale,
        multiresIterations,
        multiresDiscount,
        ipNoiseGamma,
        ipRandomStrength,
        minTimestep,
        maxTimestep);
  }

  /**
   * kohya's {@code multires_noise_iterations} and {@code multires_noise_discount}: adds {@link
   * PyramidNoise} of that many levels to the noise, then scales it back to unit standard deviation.
   * 0 iterations is off.
   */
  public TrainingNoise withMultiresNoise(int iterations, double discount) {
    if (iterations < 0) {
      throw new IllegalArgumentException(
          "multiresNoiseIterations must not be negative, got " + iterations);
    }
    if (!(discount >= 0) || Double.isInfinite(discount)) {
      throw new IllegalArgumentException(
          "multiresNoiseDiscount must be finite and >= 0, got " + discount);
    }
    return new TrainingNoise(
        noiseOffset,
        offsetRandomStrength,
        adaptiveScale,
        iterations,
        discount,
        ipNoiseGamma,
        ipRandomStrength,
        minTimestep,
        maxTimestep);
  }

  /**
   * kohya's {@code ip_noise_gamma} (input perturbation): the latents are noised with the target
   * noise plus {@code gamma * randn}, while the UNet still learns the target. With {@code
   * randomStrength} the gamma is drawn uniformly in [0, gamma) once per batch.
   */
  public TrainingNoise withInputPerturbation(double gamma, boolean randomStrength) {
    if (!(gamma >= 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("ipNoiseGamma must be finite and >= 0, got " + gamma);
    }
    return new TrainingNoise(
        noiseOffset,
        offsetRandomStrength,
        adaptiveScale,
        multiresIterations,
        multiresDiscount,
        gamma,
        randomStrength,
        minTimestep,
        maxTimestep);
  }

  /** kohya's {@code min_timestep} and {@code max_timestep}: timesteps are drawn in [min, max). */
  public TrainingNoise withTimestepRange(int min, int max) {
    if (min < 0 || min >= max) {
      throw new IllegalArgumentException(
          "the timestep range needs 0 <= minTimestep < maxTimestep, got ["
              + min
              + ", "
              + max
              + ")");
    }
    return new TrainingNoise(
        noiseOffset,
        offsetRandomStrength,
        adaptiveScale,
        multiresIterations,
        multiresDiscount,
        ipNoiseGamma,
        ipRandomStrength,
        min,
        max);
  }

  /** The target noise shaped like {@code latents} [B, C, H, W] on their manager. */
  public NDArray noiseLike(NDArray latents, NoiseSource random) {
    Shape shape = latents.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("latents must be [B, C, H, W], got " + shape);
    }
    NDArray noise = random.gaussian(latents.getManager(), shape);
    if (noiseOffset > 0) {
      double offset = offsetRandomStrength ? random.uniform() * noiseOffset : noiseOffset;
      NDArray perChannel =
          random.gaussian(latents.getManager(), new Shape(shape.get(0), shape.get(1), 1, 1));
      if (adaptiveScale == 0) {
        noise.addi(perChannel.muli(offset));
      } else {
        // DJL's PyTorch mean takes one axis: the mean over H×W as one axis
        NDArray brightness =
            latents
                .reshape(shape.get(0), shape.get(1), -1)
                .mean(new int[] {2}, true)
                .abs()
                .toType(noise.getDataType(), false)
                .reshape(shape.get(0), shape.get(1), 1, 1);
        NDArray strength = brightness.muli(adaptiveScale).addi(offset).maximum(0);
        noise.addi(perChannel.muli(strength));
      }
    }
    if (multiresIterations > 0) {
      float[] levels =
          PyramidNoise.levels(shape.getShape(), multiresIterations, multiresDiscount, random);
      noise.addi(latents.getManager().create(levels, shape));
      noise = unitStd(noise);
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

  /** The noise to add to the latents for {@code target}: itself, or perturbed by ip noise. */
  public NDArray inputNoise(NDArray target, NoiseSource random) {
    if (ipNoiseGamma == 0) {
      return target;
    }
    double strength = ipRandomStrength ? random.uniform() * ipNoiseGamma : ipNoiseGamma;
    NDArray perturbation = random.gaussian(target.getManager(), target.getShape());
    return target.add(perturbation.muli(strength));
  }

  // torch's noise / noise.std(): the unbiased standard deviation over every element
  private static NDArray unitStd(NDArray noise) {
    long count = noise.getShape().size();
    NDArray centred = noise.sub(noise.mean());
    NDArray std = centred.square().sum().div(count - 1).sqrt();
    return noise.div(std);
  }
}
