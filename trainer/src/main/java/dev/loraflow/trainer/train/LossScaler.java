package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.loraflow.trainer.nn.Scalars;
import dev.loraflow.trainer.nn.Weight;
import java.util.Collection;

/**
 * Dynamic loss scaling for fp16 mixed precision, as torch's GradScaler does it (DJL has none): the
 * loss is multiplied by the scale before backward so small fp16 gradients do not flush to zero, and
 * the gradients are divided by it before clipping and the optimizer step. A step whose gradients
 * hold NaN or Inf is skipped and halves the scale; 2000 good steps in a row double it.
 *
 * <p>Per optimizer step: {@link #scaleLoss} before each backward, then {@link #unscale} once; if it
 * returns false, zero the gradients and skip the step.
 */
public final class LossScaler {

  /** The scale and the good steps since it last changed: all a resumed run needs. */
  public record State(double scale, int goodSteps) {
    public State {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("LossScaler scale must be finite and > 0, got " + scale);
      }
      if (goodSteps < 0 || goodSteps >= GROWTH_INTERVAL) {
        throw new IllegalArgumentException(
            "LossScaler goodSteps must be in [0, " + GROWTH_INTERVAL + "), got " + goodSteps);
      }
    }
  }

  static final double INITIAL_SCALE = 65536;
  static final int GROWTH_INTERVAL = 2000;
  private static final double GROWTH_FACTOR = 2;
  private static final double BACKOFF_FACTOR = 0.5;

  private double scale;
  private int goodSteps;

  /** GradScaler's defaults: scale 2^16, doubled after 2000 good steps, halved on overflow. */
  public LossScaler() {
    this(new State(INITIAL_SCALE, 0));
  }

  /** Continues from a saved {@link #state()}. */
  public LossScaler(State state) {
    this.scale = state.scale();
    this.goodSteps = state.goodSteps();
  }

  public State state() {
    return new State(scale, goodSteps);
  }

  public double scale() {
    return scale;
  }

  /** The loss times the current scale, to call backward on. */
  public NDArray scaleLoss(NDArray loss) {
    return loss.mul(Scalars.like(loss, scale)); // a native scalar: see Scalars
  }

  /**
   * Divides every gradient by the scale in place and updates the scale for the next step. Returns
   * whether all gradients are finite; when not, the step must be skipped (the scale is halved).
   */
  public boolean unscale(Collection<Weight> weights) {
    boolean finite;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      // the scale is a power of two, so its inverse is exact in float32
      double inverse = 1 / scale;
      NDArray anyNonFinite = null;
      for (Weight weight : weights) {
        NDArray gradient = weight.array().getGradient().muli(inverse);
        NDArray nonFinite = gradient.isNaN().logicalOr(gradient.isInfinite()).any();
        anyNonFinite = anyNonFinite == null ? nonFinite : anyNonFinite.logicalOr(nonFinite);
      }
      // one read of the device at the end, not one per tensor
      finite = anyNonFinite == null || !anyNonFinite.getBoolean();
    }
    if (finite) {
      goodSteps++;
      if (goodSteps == GROWTH_INTERVAL) {
        scale *= GROWTH_FACTOR;
        goodSteps = 0;
      }
    } else {
      scale *= BACKOFF_FACTOR;
      goodSteps = 0;
    }
    return finite;
  }
}
