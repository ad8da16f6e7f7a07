package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The noise of one image: {@link Random#nextGaussian} from the image's seed, drawn in Java so the
 * same seed gives the same image on any device, and no other generator (the trainer's, the
 * engine's) is touched. The initial latent comes first, then an ancestral sampler's step noise.
 */
final class SeededNoise {

  private final Random random;

  SeededNoise(long seed) {
    this.random = new Random(seed);
  }

  NDArray gaussian(NDManager manager, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, shape);
  }
}
