package dev.loraflow.trainer.schedule;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * A sampler's scheduler, shaped as diffusers' are: the timesteps of a run, fixed when it is built,
 * and one denoising step. The UNet predicts the noise (epsilon); guidance is applied before {@link
 * #step}.
 */
public interface Scheduler {

  /** The timestep the UNet sees at each step, in order (fractional for the k-diffusion ones). */
  float[] timesteps();

  /** What the initial standard normal noise is multiplied by: 1 for DDIM, the first sigma else. */
  float initNoiseSigma();

  /** The UNet's input at step {@code i}: the latent itself, or scaled to unit variance. */
  NDArray scaleModelInput(NDArray latent, int i);

  /**
   * The latent after step {@code i}, from the (guided) noise prediction {@code eps}; {@code noise}
   * gives standard normal noise shaped like its argument, for the ancestral samplers.
   */
  NDArray step(NDArray eps, int i, NDArray latent, UnaryOperator<NDArray> noise);
}
