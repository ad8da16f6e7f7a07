package dev.loraflow.trainer.schedule;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * k-diffusion's {@code sample_euler_ancestral} (eta 1): each step goes down past the next sigma to
 * {@code sigma_down} with an Euler step, then adds fresh noise of {@code sigma_up}, so that the
 * latent lands at the next noise level; the last step (to sigma 0) adds none.
 */
public final class EulerAncestralScheduler implements Scheduler {

  private final float[] sigmas;
  private final float[] timesteps;

  private EulerAncestralScheduler(ModelSigmas model, float[] sigmas) {
    this.sigmas = sigmas;
    this.timesteps = EulerScheduler.timestepsOf(model, sigmas);
  }

  /** {@code steps} steps on the model's own sigmas, or Karras sigmas. */
  public static EulerAncestralScheduler create(DdpmSchedule schedule, int steps, boolean karras) {
    ModelSigmas model = ModelSigmas.of(schedule);
    return new EulerAncestralScheduler(
        model, karras ? model.karras(steps) : model.evenlySpaced(steps));
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
    return EulerScheduler.scaleInput(latent, sigmas[i]);
  }

  @Override
  public NDArray step(NDArray eps, int i, NDArray latent, UnaryOperator<NDArray> noise) {
    float from = sigmas[i];
    float to = sigmas[i + 1];
    // get_ancestral_step: the part of the next level that is fresh noise, and the rest
    double from2 = (double) from * from;
    double to2 = (double) to * to;
    double up = Math.min(to, Math.sqrt(to2 * (from2 - to2) / from2));
    float sigmaUp = (float) up;
    float sigmaDown = (float) Math.sqrt(to2 - up * up);
    NDArray denoised = EulerScheduler.denoised(eps, latent, from);
    NDArray next =
        latent.add(EulerScheduler.derivative(latent, denoised, from).mul(sigmaDown - from));
    return to > 0 ? next.add(noise.apply(latent).mul(sigmaUp)) : next;
  }
}
