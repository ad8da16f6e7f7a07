package dev.loraflow.trainer.schedule;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * DDIM with eta 0 (deterministic), as the original CompVis {@code DDIMSampler}: S timesteps spaced
 * uniformly, {@code 1, 1 + 1000/S, ...} (the "uniform" discretisation, offset by one), run from the
 * last; the step after the first timestep lands on {@code alphas_cumprod[0]}. Coefficients are
 * rounded to float32 where ldm holds them in float32 buffers.
 */
public final class DdimScheduler implements Scheduler {

  private final float[] timesteps;
  private final float[] alphas;
  private final float[] alphasPrev;

  private DdimScheduler(float[] timesteps, float[] alphas, float[] alphasPrev) {
    this.timesteps = timesteps;
    this.alphas = alphas;
    this.alphasPrev = alphasPrev;
  }

  /** {@code steps} DDIM steps over {@code schedule}'s training timesteps. */
  public static DdimScheduler create(DdpmSchedule schedule, int steps) {
    float[] cumprod = schedule.alphasCumprod();
    int trainSteps = cumprod.length;
    // past half the training steps the stride is 1: all 999 timesteps would run, whatever was asked
    if (steps < 1 || steps > trainSteps / 2) {
      throw new IllegalArgumentException(
          "DDIM steps must be in 1.." + trainSteps / 2 + ", got " + steps);
    }
    int stride = trainSteps / steps;
    // range(0, 1000, stride) + 1 may give a step more than asked (ldm runs it), or one at 1000,
    // past the schedule (ldm fails there: it is left out)
    int count = (trainSteps - 2) / stride + 1;
    float[] timesteps = new float[count];
    float[] alphas = new float[count];
    float[] alphasPrev = new float[count];
    for (int k = 0; k < count; k++) {
      int ascending = count - 1 - k;
      int t = ascending * stride + 1;
      timesteps[k] = t;
      alphas[k] = cumprod[t];
      alphasPrev[k] = ascending == 0 ? cumprod[0] : cumprod[(ascending - 1) * stride + 1];
    }
    return new DdimScheduler(timesteps, alphas, alphasPrev);
  }

  @Override
  public float[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float initNoiseSigma() {
    return 1f;
  }

  @Override
  public NDArray scaleModelInput(NDArray latent, int i) {
    return latent;
  }

  /** {@code x0 = (x - sqrt(1 - a) eps) / sqrt(a)}, then {@code sqrt(a') x0 + sqrt(1 - a') eps}. */
  @Override
  public NDArray step(NDArray eps, int i, NDArray latent, UnaryOperator<NDArray> noise) {
    return predictedOriginal(eps, i, latent)
        .mul(sqrt(alphasPrev[i]))
        .add(eps.mul(sqrt(1f - alphasPrev[i])));
  }

  /** DDIM's estimate of the clean latent at step {@code i}. */
  public NDArray predictedOriginal(NDArray eps, int i, NDArray latent) {
    return latent.sub(eps.mul(sqrt(1f - alphas[i]))).div(sqrt(alphas[i]));
  }

  private static float sqrt(float value) {
    return (float) Math.sqrt(value);
  }
}
