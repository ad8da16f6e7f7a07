package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.nn.Casts;
import dev.loraflow.trainer.nn.Scalars;

/**
 * kohya's training loss: an element-wise loss of prediction against target, averaged per sample
 * over all but the batch dimension, times each sample's loss weight (the prior loss weight for
 * regularization images), optionally times the min-SNR and debiased-estimation weights of its
 * timestep, then averaged over the batch. Computed in float32 whatever the prediction's type, as
 * kohya does.
 */
public final class DiffusionLoss {

  /** kohya's {@code loss_type} values. */
  public enum Type {
    L2,
    L1,
    /** Pseudo-Huber scaled by c: {@code 2c(sqrt(d^2 + c^2) - c)}. */
    HUBER,
    /** Pseudo-Huber without the c factor: {@code 2(sqrt(d^2 + c^2) - c)}. */
    SMOOTH_L1
  }

  private final Type type;
  private final double huberC;
  private final double minSnrGamma;
  private final boolean debiased;
  private final float[] snr;

  private DiffusionLoss(
      Type type, double huberC, double minSnrGamma, boolean debiased, float[] snr) {
    this.type = type;
    this.huberC = huberC;
    this.minSnrGamma = minSnrGamma;
    this.debiased = debiased;
    this.snr = snr;
  }

  /** The loss of {@code type} with kohya's {@code huber_c} of 0.1 and no min-SNR weighting. */
  public static DiffusionLoss of(Type type) {
    return new DiffusionLoss(type, 0.1, 0, false, null);
  }

  /** kohya's {@code huber_c}, the point where huber and smooth_l1 turn from quadratic to linear. */
  public DiffusionLoss withHuberC(double c) {
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("DiffusionLoss huber_c must be finite and > 0, got " + c);
    }
    return new DiffusionLoss(type, c, minSnrGamma, debiased, snr);
  }

  /**
   * kohya's {@code min_snr_gamma} for epsilon prediction: each sample's loss times {@code min(snr,
   * gamma) / snr} of its timestep, with {@code snr} per timestep from {@code DdpmSchedule.snr()}.
   */
  public DiffusionLoss withMinSnrGamma(double gamma, float[] snr) {
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException(
          "DiffusionLoss min_snr_gamma must be finite and > 0, got " + gamma);
    }
    return new DiffusionLoss(type, huberC, gamma, debiased, snr.clone());
  }

  /**
   * kohya's {@code debiased_estimation_loss}: each sample's loss times {@code 1 / sqrt(snr)} of its
   * timestep, the snr capped at 1000 (timestep 0's is near infinite).
   */
  public DiffusionLoss withDebiasedEstimation(float[] snr) {
    return new DiffusionLoss(type, huberC, minSnrGamma, true, snr.clone());
  }

  /**
   * The scalar loss of a batch: {@code prediction} and {@code target} are [B, ...], {@code
   * timesteps} and {@code lossWeights} have one entry per sample.
   */
  public NDArray compute(
      NDArray prediction, NDArray target, long[] timesteps, float[] lossWeights) {
    Shape shape = prediction.getShape();
    int batch = Math.toIntExact(shape.get(0));
    if (!target.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "DiffusionLoss prediction " + shape + " and target " + target.getShape() + " differ");
    }
    if (timesteps.length != batch || lossWeights.length != batch) {
      throw new IllegalArgumentException(
          "DiffusionLoss needs one timestep and one loss weight per sample: batch "
              + batch
              + ", "
              + timesteps.length
              + " timesteps, "
              + lossWeights.length
              + " loss weights");
    }
    NDArray difference = float32(prediction).sub(float32(target));
    NDArray elementLoss = elementLoss(difference);
    // DJL's PyTorch mean takes one axis: flatten all but the batch, then average
    NDArray perSample = elementLoss.reshape(batch, -1).mean(new int[] {1});
    NDManager manager = prediction.getManager();
    return perSample.mul(manager.create(sampleWeights(timesteps, lossWeights))).mean();
  }

  /** Out-of-place ops only: autograd needs the intermediates (sqrt keeps its output). */
  private NDArray elementLoss(NDArray d) {
    float c = (float) huberC;
    return switch (type) {
      case L2 -> d.square();
      case L1 -> d.abs();
      case HUBER -> d.square().add(c * c).sqrt().sub(c).mul(Scalars.like(d, 2 * c));
      case SMOOTH_L1 -> d.square().add(c * c).sqrt().sub(c).mul(Scalars.like(d, 2));
    };
  }

  /** Widens float16 to float32 with a cast that keeps the autograd graph (see Casts). */
  private static NDArray float32(NDArray x) {
    if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT16) {
      throw new IllegalArgumentException(
          "DiffusionLoss takes float32 or float16 arrays, got " + x.getDataType());
    }
    return Casts.to(x, DataType.FLOAT32);
  }

  /** Loss weight times the SNR weights, per sample, computed in Java from the timesteps. */
  private float[] sampleWeights(long[] timesteps, float[] lossWeights) {
    float[] weights = lossWeights.clone();
    if (snr != null) {
      for (int i = 0; i < weights.length; i++) {
        if (timesteps[i] < 0 || timesteps[i] >= snr.length) {
          throw new IllegalArgumentException(
              "timestep " + timesteps[i] + " is outside the " + snr.length + "-step schedule");
        }
        float s = snr[(int) timesteps[i]];
        if (minSnrGamma > 0) {
          weights[i] *= (float) (Math.min(s, minSnrGamma) / s);
        }
        if (debiased) {
          weights[i] *= (float) (1 / Math.sqrt(Math.min(s, 1000)));
        }
      }
    }
    return weights;
  }
}
