package dev.loraflow.trainer.schedule;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * k-diffusion's {@code sample_euler} (no churn) through {@code CompVisDenoiser}: the latent lives
 * at noise level sigma, the UNet sees it scaled by {@code 1 / sqrt(sigma^2 + 1)} at the fractional
 * timestep of sigma, {@code denoised = x - sigma eps}, and one Euler step of the ODE {@code
 * dx/dsigma = (x - denoised) / sigma} moves it to the next sigma.
 */
public final class EulerScheduler implements Scheduler {

  private final float[] sigmas;
  private final float[] timesteps;

  EulerScheduler(ModelSigmas model, float[] sigmas) {
    this.sigmas = sigmas;
    this.timesteps = timestepsOf(model, sigmas);
  }

  /** {@code steps} steps on the model's own sigmas ({@code get_sigmas}), or Karras sigmas. */
  public static EulerScheduler create(DdpmSchedule schedule, int steps, boolean karras) {
    ModelSigmas model = ModelSigmas.of(schedule);
    return new EulerScheduler(model, karras ? model.karras(steps) : model.evenlySpaced(steps));
  }

  static float[] timestepsOf(ModelSigmas model, float[] sigmas) {
    float[] timesteps = new float[sigmas.length - 1];
    for (int i = 0; i < timesteps.length; i++) {
      timesteps[i] = model.timestepOf(sigmas[i]);
    }
    return timesteps;
  }

  /** The noise levels, one more than the steps (the last is 0). */
  public float[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public float[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float initNoiseSigma() {
    return sigmas[0];
  }

  @Override
  public NDArray scaleModelInput(NDArray latent, int i) {
    return scaleInput(latent, sigmas[i]);
  }

  @Override
  public NDArray step(NDArray eps, int i, NDArray latent, UnaryOperator<NDArray> noise) {
    float sigma = sigmas[i];
    NDArray d = derivative(latent, denoised(eps, latent, sigma), sigma);
    return latent.add(d.mul(sigmas[i + 1] - sigma));
  }

  /** c_in of k-diffusion's scalings: unit variance for a latent at noise level sigma. */
  static NDArray scaleInput(NDArray latent, float sigma) {
    return latent.mul(1f / (float) Math.sqrt(sigma * sigma + 1f));
  }

  /** The denoiser's output {@code x + c_out eps} with {@code c_out = -sigma}. */
  public static NDArray denoised(NDArray eps, NDArray latent, float sigma) {
    return latent.add(eps.mul(-sigma));
  }

  /** k-diffusion's {@code to_d}. */
  static NDArray derivative(NDArray latent, NDArray denoised, float sigma) {
    return latent.sub(denoised).div(sigma);
  }
}
