package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TrainingNoiseTest {

  private static final Shape LATENTS = new Shape(2, 4, 3, 3);

  @Test
  void withoutOffset_noiseIsPlainRandn() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray latents = manager.zeros(LATENTS);

      float[] noise =
          TrainingNoise.create(1000).noiseLike(latents, NoiseSource.seeded(9)).toFloatArray();

      assertThat(noise)
          .containsExactly(NoiseSource.seeded(9).gaussian(manager, LATENTS).toFloatArray());
    }
  }

  @Test
  void noiseOffset_addsOneRandnPerSampleAndChannel() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] noise =
          TrainingNoise.create(1000)
              .withNoiseOffset(0.1, false)
              .noiseLike(manager.zeros(LATENTS), NoiseSource.seeded(9))
              .toFloatArray();

      NoiseSource replay = NoiseSource.seeded(9);
      float[] plain = replay.gaussian(manager, LATENTS).toFloatArray();
      float[] offsets = replay.gaussian(manager, new Shape(2, 4, 1, 1)).toFloatArray();
      assertOffsetNoise(noise, plain, offsets, 0.1);
    }
  }

  @Test
  void randomStrength_drawsTheOffsetInZeroToOffset() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] noise =
          TrainingNoise.create(1000)
              .withNoiseOffset(0.1, true)
              .noiseLike(manager.zeros(LATENTS), NoiseSource.seeded(9))
              .toFloatArray();

      NoiseSource replay = NoiseSource.seeded(9);
      float[] plain = replay.gaussian(manager, LATENTS).toFloatArray();
      double strength = replay.uniform() * 0.1;
      float[] offsets = replay.gaussian(manager, new Shape(2, 4, 1, 1)).toFloatArray();
      assertThat(strength).isBetween(0.0, 0.1);
      assertOffsetNoise(noise, plain, offsets, strength);
    }
  }

  @Test
  void timesteps_areUniformInTheRange() {
    NoiseSource random = NoiseSource.seeded(4);
    TrainingNoise noise = TrainingNoise.create(1000).withTimestepRange(200, 300);

    long[] timesteps = noise.timesteps(5000, random);

    for (long t : timesteps) {
      assertThat(t).isBetween(200L, 299L);
    }
    assertThat(timesteps).contains(200L, 299L);
    assertThat(TrainingNoise.create(1000).timesteps(3, random)).hasSize(3);
  }

  @Test
  void emptyTimestepRange_isRefused() {
    assertThatThrownBy(() -> TrainingNoise.create(1000).withTimestepRange(500, 500))
        .hasMessageContaining("min_timestep");
  }

  private static void assertOffsetNoise(
      float[] noise, float[] plain, float[] offsets, double strength) {
    int perChannel = 9;
    for (int i = 0; i < noise.length; i++) {
      float expected = plain[i] + (float) (strength * offsets[i / perChannel]);
      assertThat(noise[i]).as("element %d", i).isCloseTo(expected, within(1e-6f));
    }
    assertThat(noise[0] - plain[0]).isNotZero();
  }
}
