package dev.loraflow.trainer.train;

/**
 * The learning-rate schedules kohya takes from diffusers' {@code get_scheduler}, as the factor
 * torch's LambdaLR multiplies each parameter group's initial rate with. Warmup rises linearly from
 * 0 over the warmup steps; {@code step} counts the optimizer steps already taken, so the first step
 * of a warmed-up run has rate 0, as in diffusers.
 *
 * <p>With parameter groups (UNet and text encoder rates) a group's rate is its own initial rate
 * times {@link #factor}; {@link #lr} is that for the base rate. For {@code polynomial} the factor
 * is relative to the base rate, as diffusers computes it from the optimizer's default rate.
 */
public final class LearningRateSchedule {

  /** diffusers' polynomial end rate, which kohya leaves at its default. */
  static final double POLYNOMIAL_LR_END = 1e-7;

  /** The supported schedules, by kohya's {@code lr_scheduler} names. */
  public enum Kind {
    CONSTANT,
    CONSTANT_WITH_WARMUP,
    LINEAR,
    COSINE,
    COSINE_WITH_RESTARTS,
    POLYNOMIAL
  }

  private final Kind kind;
  private final double baseLr;
  private final int totalSteps;
  private final int warmupSteps;
  private final int numCycles;
  private final double power;

  private LearningRateSchedule(
      Kind kind, double baseLr, int totalSteps, int warmupSteps, int numCycles, double power) {
    this.kind = kind;
    this.baseLr = baseLr;
    this.totalSteps = totalSteps;
    this.warmupSteps = warmupSteps;
    this.numCycles = numCycles;
    this.power = power;
  }

  /**
   * A schedule over {@code totalSteps} optimizer steps. {@code warmup} is a step count, or below 1
   * a fraction of {@code totalSteps} (rounded down, as kohya does). {@code cosine_with_restarts}
   * starts with 1 cycle and {@code polynomial} with power 1.
   */
  public static LearningRateSchedule create(
      Kind kind, double baseLr, int totalSteps, double warmup) {
    if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
      throw new IllegalArgumentException(
          "LearningRateSchedule baseLr must be finite and > 0, got " + baseLr);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "LearningRateSchedule totalSteps must be >= 1, got " + totalSteps);
    }
    int warmupSteps = warmupSteps(warmup, totalSteps);
    if (kind == Kind.CONSTANT && warmupSteps > 0) {
      throw new IllegalArgumentException(
          "LearningRateSchedule: constant takes no warmup, but the warmup (lr_warmup_steps) is "
              + warmup
              + "; use constant_with_warmup or a warmup of 0");
    }
    if (kind == Kind.POLYNOMIAL && !(baseLr > POLYNOMIAL_LR_END)) {
      throw new IllegalArgumentException(
          "lr_scheduler polynomial needs a learning rate above its end rate "
              + POLYNOMIAL_LR_END
              + ", got "
              + baseLr);
    }
    return new LearningRateSchedule(kind, baseLr, totalSteps, warmupSteps, 1, 1);
  }

  /** kohya's {@code lr_scheduler_num_cycles}; only {@code cosine_with_restarts} uses it. */
  public LearningRateSchedule withNumCycles(int numCycles) {
    if (numCycles < 1) {
      throw new IllegalArgumentException("lr_scheduler_num_cycles must be >= 1, got " + numCycles);
    }
    return new LearningRateSchedule(kind, baseLr, totalSteps, warmupSteps, numCycles, power);
  }

  /** kohya's {@code lr_scheduler_power}; only {@code polynomial} uses it. */
  public LearningRateSchedule withPower(double power) {
    if (!(power > 0) || Double.isInfinite(power)) {
      throw new IllegalArgumentException("lr_scheduler_power must be finite and > 0, got " + power);
    }
    return new LearningRateSchedule(kind, baseLr, totalSteps, warmupSteps, numCycles, power);
  }

  public int warmupSteps() {
    return warmupSteps;
  }

  /** The rate for the optimizer step after {@code step} steps: the base rate times the factor. */
  public double lr(int step) {
    return baseLr * factor(step);
  }

  /** LambdaLR's multiplier after {@code step} optimizer steps. */
  public double factor(int step) {
    if (step < 0) {
      throw new IllegalArgumentException("LearningRateSchedule step must be >= 0, got " + step);
    }
    if (step < warmupSteps) {
      return (double) step / Math.max(1, warmupSteps);
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return switch (kind) {
      case CONSTANT, CONSTANT_WITH_WARMUP -> 1;
      case LINEAR ->
          Math.max(0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
      // diffusers' cosine always takes half a cycle, from 1 down to 0
      case COSINE -> Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 2 * 0.5 * progress)));
      case COSINE_WITH_RESTARTS ->
          progress >= 1
              ? 0
              : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((numCycles * progress) % 1))));
      case POLYNOMIAL -> polynomial(step);
    };
  }

  private double polynomial(int step) {
    if (step > totalSteps) {
      return POLYNOMIAL_LR_END / baseLr;
    }
    double remaining = 1 - (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return ((baseLr - POLYNOMIAL_LR_END) * Math.pow(remaining, power) + POLYNOMIAL_LR_END) / baseLr;
  }

  private static int warmupSteps(double warmup, int totalSteps) {
    if (!(warmup >= 0) || Double.isInfinite(warmup)) {
      throw new IllegalArgumentException(
          "lr_warmup_steps must be a step count or a fraction below 1, got " + warmup);
    }
    if (warmup < 1) {
      return (int) (warmup * totalSteps);
    }
    if (warmup != Math.rint(warmup)) {
      throw new IllegalArgumentException(
          "lr_warmup_steps must be a whole step count or a fraction below 1, got " + warmup);
    }
    return (int) warmup;
  }
}
