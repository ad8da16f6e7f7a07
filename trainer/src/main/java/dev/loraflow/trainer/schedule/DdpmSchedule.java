package dev.loraflow.trainer.schedule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The DDPM noise schedule SD 1.x was trained with: "scaled_linear" betas (linear in sqrt(beta) from
 * 0.00085 to 0.012) over 1000 steps. Values are computed in double, as ldm does, then rounded to
 * float32, so they equal the buffers stored in SD checkpoints.
 */
public final class DdpmSchedule {

  private final double[] betas;
  private final double[] alphasCumprod;

  private DdpmSchedule(double betaStart, double betaEnd, int steps) {
    if (steps < 2 || !(betaStart > 0 && betaStart < betaEnd && betaEnd < 1)) {
      throw new IllegalArgumentException(
          "need 0 < betaStart < betaEnd < 1 and steps >= 2, got "
              + betaStart
              + ", "
              + betaEnd
              + ", "
              + steps);
    }
    betas = new double[steps];
    alphasCumprod = new double[steps];
    double start = Math.sqrt(betaStart);
    double end = Math.sqrt(betaEnd);
    double step = (end - start) / (steps - 1);
    double product = 1;
    for (int k = 0; k < steps; k++) {
      // torch.linspace fills the first half from the start and the second half from the end
      double root = k < steps / 2 ? start + step * k : end - step * (steps - 1 - k);
      betas[k] = root * root;
      product *= 1 - betas[k];
      alphasCumprod[k] = product;
    }
  }

  /** SD 1.x: scaled_linear 0.00085–0.012, 1000 steps. */
  public static DdpmSchedule sd15() {
    return new DdpmSchedule(0.00085, 0.012, 1000);
  }

  public float[] betas() {
    return toFloats(betas);
  }

  public float[] alphasCumprod() {
    return toFloats(alphasCumprod);
  }

  /** Signal-to-noise ratio alpha_bar / (1 - alpha_bar) per step, for min-SNR loss weighting. */
  public float[] snr() {
    double[] snr = new double[betas.length];
    for (int t = 0; t < snr.length; t++) {
      snr[t] = alphasCumprod[t] / (1 - alphasCumprod[t]);
    }
    return toFloats(snr);
  }

  /**
   * The forward process q(x_t | x_0): {@code sqrt(ab[t]) * x0 + sqrt(1 - ab[t]) * noise}, with one
   * timestep per batch item ({@code timesteps} is int64 [B]).
   */
  public NDArray addNoise(NDArray x0, NDArray noise, NDArray timesteps) {
    double[] signal = new double[alphasCumprod.length];
    double[] noiseScale = new double[alphasCumprod.length];
    for (int t = 0; t < signal.length; t++) {
      signal[t] = Math.sqrt(alphasCumprod[t]);
      noiseScale[t] = Math.sqrt(1 - alphasCumprod[t]);
    }
    NDArray index = timesteps.toType(DataType.INT64, false);
    Shape perItem = perItemShape(x0.getShape());
    NDArray a = x0.getManager().create(toFloats(signal)).get(index).reshape(perItem);
    NDArray b = x0.getManager().create(toFloats(noiseScale)).get(index).reshape(perItem);
    return x0.mul(a).add(noise.mul(b));
  }

  /** [B, 1, 1, ...] so a per-item factor broadcasts over the other dimensions. */
  private static Shape perItemShape(Shape shape) {
    long[] dims = new long[shape.dimension()];
    Arrays.fill(dims, 1);
    dims[0] = shape.get(0);
    return new Shape(dims);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
