package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.loraflow.trainer.nn.Weight;
import java.util.Collection;

/**
 * kohya's {@code max_grad_norm} (accelerate's {@code clip_grad_norm_}): one L2 norm over all
 * gradients together, and every gradient scaled by the same factor when it exceeds the limit. DJL's
 * own {@code clipGrad} clamps each element instead, which is a different thing.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Scales the gradients of {@code weights} in place by {@code min(1, maxNorm / (norm + 1e-6))} and
   * returns the norm before clipping (for logging). A non-finite norm leaves the gradients as they
   * are: the fp16 {@link LossScaler} skips such a step.
   */
  public static double clipGlobalNorm(Collection<Weight> weights, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(
          "GradientClipping maxNorm must be finite and > 0, got " + maxNorm);
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray[] gradients =
          weights.stream().map(w -> w.array().getGradient()).toArray(NDArray[]::new);
      if (gradients.length == 0) {
        return 0;
      }
      // summed on the device and read once, so a GPU syncs once rather than per tensor
      NDArray sumOfSquares = gradients[0].square().sum();
      for (int i = 1; i < gradients.length; i++) {
        sumOfSquares.addi(gradients[i].square().sum());
      }
      double norm = Math.sqrt(sumOfSquares.getFloat());
      double scale = maxNorm / (norm + 1e-6);
      if (scale < 1) {
        for (NDArray gradient : gradients) {
          gradient.muli(scale);
        }
      }
      return norm;
    }
  }
}
