package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NoiseSourceTest {

  @Test
  void sameSeed_sameNoise_otherSeed_otherNoise() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = new Shape(2, 4, 3, 3);
      float[] first = NoiseSource.seeded(42).gaussian(manager, shape).toFloatArray();

      assertThat(NoiseSource.seeded(42).gaussian(manager, shape).toFloatArray())
          .containsExactly(first);
      assertThat(NoiseSource.seeded(43).gaussian(manager, shape).toFloatArray())
          .isNotEqualTo(first);
    }
  }

  @Test
  void savedState_continuesTheSequenceExactly() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NoiseSource running = NoiseSource.seeded(7);
      // an odd count, so a half-used Box-Muller pair would show
      running.gaussian(manager, new Shape(3, 5));
      running.uniformInt(0, 1000);
      long saved = running.state();

      float[] next = running.gaussian(manager, new Shape(4, 4)).toFloatArray();
      double uniform = running.uniform();
      NoiseSource resumed = NoiseSource.fromState(saved);

      assertThat(resumed.gaussian(manager, new Shape(4, 4)).toFloatArray()).containsExactly(next);
      assertThat(resumed.uniform()).isEqualTo(uniform);
    }
  }

  @Test
  void gaussian_hasZeroMeanAndUnitVariance() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] values = NoiseSource.seeded(1).gaussian(manager, new Shape(200_000)).toFloatArray();
      double sum = 0;
      double squares = 0;
      int beyondTwoSigma = 0;
      for (float v : values) {
        sum += v;
        squares += v * v;
        beyondTwoSigma += Math.abs(v) > 2 ? 1 : 0;
      }
      double mean = sum / values.length;
      assertThat(mean).isCloseTo(0, within(0.01));
      assertThat(squares / values.length - mean * mean).isCloseTo(1, within(0.01));
      // a normal puts 4.55% of its mass beyond two standard deviations
      assertThat((double) beyondTwoSigma / values.length).isCloseTo(0.0455, within(0.002));
    }
  }

  @Test
  void uniformInt_coversItsHalfOpenRange() {
    NoiseSource random = NoiseSource.seeded(3);
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      counts[random.uniformInt(10, 14) - 10]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(850, 1150);
    }
  }
}
