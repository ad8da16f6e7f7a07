package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The trainer's seeded random numbers (noise, noise offsets, timesteps), drawn in Java so they can
 * be saved and resumed: DJL's engine generator takes a seed but its state cannot be read back.
 *
 * <p>The generator is SplitMix64 (the algorithm behind {@link java.util.SplittableRandom}), whose
 * whole state is one {@code long}: {@link #state()} and {@link #fromState} make "same state, same
 * numbers" exact. Gaussians come from the Box-Muller transform, two per pair of uniforms, with no
 * value cached between calls, so the state alone determines what follows.
 */
public final class NoiseSource {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double UNIT = 0x1.0p-53;

  private long state;

  private NoiseSource(long state) {
    this.state = state;
  }

  /** A source started from {@code seed} (kohya's {@code seed}). */
  public static NoiseSource seeded(long seed) {
    return new NoiseSource(mix(seed));
  }

  /** A source that continues exactly where the one whose {@link #state()} was saved stopped. */
  public static NoiseSource fromState(long state) {
    return new NoiseSource(state);
  }

  /** The whole state, to save for resume. */
  public long state() {
    return state;
  }

  /** A uniform double in [0, 1). */
  public double uniform() {
    return (nextLong() >>> 11) * UNIT;
  }

  /** A uniform int in [min, max), like torch.randint. */
  public int uniformInt(int min, int max) {
    if (min >= max) {
      throw new IllegalArgumentException("need min < max, got [" + min + ", " + max + ")");
    }
    return min + (int) Math.floor(uniform() * ((long) max - min));
  }

  /** Standard normal float32 values of {@code shape} (randn), on the manager's device. */
  public NDArray gaussian(NDManager manager, Shape shape) {
    return manager.create(gaussians(Math.toIntExact(shape.size())), shape);
  }

  /** {@code count} standard normal values, as {@link #gaussian} draws them. */
  public float[] gaussians(int count) {
    float[] values = new float[count];
    for (int i = 0; i < values.length; i += 2) {
      // 1 - u lies in (0, 1], so the logarithm is finite
      double radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      double angle = 2 * Math.PI * uniform();
      values[i] = (float) (radius * Math.cos(angle));
      if (i + 1 < values.length) {
        values[i + 1] = (float) (radius * Math.sin(angle));
      }
    }
    return values;
  }

  private long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
