package dev.loraflow.trainer.schedule;

/**
 * The noise levels of a DDPM schedule in k-diffusion's terms ({@code CompVisDenoiser}): {@code
 * sigma_t = sqrt((1 - a_t) / a_t)}, held as float32 logs, with the conversions between a sigma and
 * a (fractional) timestep by interpolating log sigma. Both sigma schedules of the Euler samplers
 * come from here: the model's own (evenly spaced timesteps) and Karras et al.'s.
 */
public final class ModelSigmas {

  private final float[] logSigmas;

  private ModelSigmas(float[] logSigmas) {
    this.logSigmas = logSigmas;
  }

  public static ModelSigmas of(DdpmSchedule schedule) {
    float[] cumprod = schedule.alphasCumprod();
    float[] logs = new float[cumprod.length];
    for (int t = 0; t < cumprod.length; t++) {
      float sigma = (float) Math.sqrt((1f - cumprod[t]) / cumprod[t]);
      logs[t] = (float) Math.log(sigma);
    }
    return new ModelSigmas(logs);
  }

  public float min() {
    return (float) Math.exp(logSigmas[0]);
  }

  public float max() {
    return (float) Math.exp(logSigmas[logSigmas.length - 1]);
  }

  /**
   * k-diffusion's {@code get_sigmas(n)}: timesteps evenly from the last to 0, their sigmas, and a
   * final 0.
   */
  public float[] evenlySpaced(int steps) {
    requireSteps(steps);
    float[] sigmas = new float[steps + 1];
    float last = logSigmas.length - 1;
    for (int i = 0; i < steps; i++) {
      sigmas[i] = sigmaAt(linspace(last, 0, steps, i));
    }
    return sigmas;
  }

  /**
   * Karras et al. (2022), as k-diffusion's {@code get_sigmas_karras} with rho 7 between the model's
   * smallest and largest sigma, and a final 0.
   */
  public float[] karras(int steps) {
    requireSteps(steps);
    double rho = 7;
    double minInv = Math.pow(min(), 1 / rho);
    double maxInv = Math.pow(max(), 1 / rho);
    float[] sigmas = new float[steps + 1];
    for (int i = 0; i < steps; i++) {
      double ramp = steps == 1 ? 0 : (double) i / (steps - 1);
      sigmas[i] = (float) Math.pow(maxInv + ramp * (minInv - maxInv), rho);
    }
    return sigmas;
  }

  /** {@code t_to_sigma}: log sigma interpolated between the neighbouring integer timesteps. */
  float sigmaAt(float t) {
    int low = (int) Math.floor(t);
    int high = (int) Math.ceil(t);
    float w = t - low;
    return (float) Math.exp((1 - w) * logSigmas[low] + w * logSigmas[high]);
  }

  /** {@code sigma_to_t}: the fractional timestep whose interpolated log sigma is sigma's. */
  public float timestepOf(float sigma) {
    float logSigma = (float) Math.log(sigma);
    int low = 0;
    for (int t = 0; t < logSigmas.length; t++) {
      if (logSigma - logSigmas[t] >= 0) {
        low = t; // the last timestep at or below sigma (log sigmas ascend with t)
      }
    }
    low = Math.min(low, logSigmas.length - 2);
    float lowLog = logSigmas[low];
    float highLog = logSigmas[low + 1];
    float w = Math.max(0, Math.min(1, (lowLog - logSigma) / (lowLog - highLog)));
    return (1 - w) * low + w * (low + 1);
  }

  /** torch.linspace's i-th value: the first half counted from the start, the rest from the end. */
  private static float linspace(float start, float end, int steps, int i) {
    if (steps == 1) {
      return start;
    }
    float step = (end - start) / (steps - 1);
    return i < steps / 2 ? start + step * i : end - step * (steps - 1 - i);
  }

  private void requireSteps(int steps) {
    if (steps < 1 || steps > logSigmas.length) {
      throw new IllegalArgumentException(
          "steps must be in 1.." + logSigmas.length + ", got " + steps);
    }
  }
}
