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
        .hasMessageContaining("minTimestep");
  }

  @Test
  void adaptiveScale_growsEachChannelsOffsetWithItsAbsoluteMean() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // channel c of sample b is filled with (c - 1.5) * (b + 1): means -1.5 .. 3
      float[] values = new float[(int) LATENTS.size()];
      for (int i = 0; i < values.length; i++) {
        int plane = i / 9;
        values[i] = (plane % 4 - 1.5f) * (plane / 4 + 1);
      }
      NDArray latents = manager.create(values, LATENTS);

      float[] noise =
          TrainingNoise.create(1000)
              .withNoiseOffset(0.1, false)
              .withAdaptiveNoiseScale(-0.05)
              .noiseLike(latents, NoiseSource.seeded(9))
              .toFloatArray();

      NoiseSource replay = NoiseSource.seeded(9);
      float[] plain = replay.gaussian(manager, LATENTS).toFloatArray();
      float[] offsets = replay.gaussian(manager, new Shape(2, 4, 1, 1)).toFloatArray();
      for (int i = 0; i < noise.length; i++) {
        int plane = i / 9;
        double strength = Math.max(0, 0.1 - 0.05 * Math.abs(values[plane * 9]));
        assertThat(noise[i])
            .as("element %d", i)
            .isCloseTo(plain[i] + (float) (strength * offsets[plane]), within(1e-6f));
      }
      // sample 1, channel 3: mean 3, so 0.1 - 0.15 is clamped to no offset at all
      assertThat(noise[7 * 9]).isCloseTo(plain[7 * 9], within(1e-7f));
    }
  }

  @Test
  void adaptiveScaleWithoutAnOffset_isRefused() {
    assertThatThrownBy(() -> TrainingNoise.create(1000).withAdaptiveNoiseScale(0.01))
        .hasMessageContaining("adaptiveNoiseScale needs noiseOffset");
  }

  @Test
  void multiresNoise_hasUnitStdAndLowFrequencies() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray latents = manager.zeros(new Shape(1, 4, 64, 64));

      NDArray plain = TrainingNoise.create(1000).noiseLike(latents, NoiseSource.seeded(3));
      NDArray pyramid =
          TrainingNoise.create(1000)
              .withMultiresNoise(6, 0.8)
              .noiseLike(latents, NoiseSource.seeded(3));

      float[] values = pyramid.toFloatArray();
      double mean = 0;
      for (float v : values) {
        mean += v;
      }
      mean /= values.length;
      double squares = 0;
      for (float v : values) {
        squares += (v - mean) * (v - mean);
      }
      assertThat(Math.sqrt(squares / (values.length - 1))).isCloseTo(1.0, within(1e-5));
      // neighbouring pixels move together in noise with low frequencies, not in white noise
      assertThat(neighbourCorrelation(plain.toFloatArray(), 64)).isBetween(-0.05, 0.05);
      assertThat(neighbourCorrelation(values, 64)).isGreaterThan(0.15);
    }
  }

  @Test
  void stretching_isTorchsBilinearUpsamplingWithoutAlignedCorners() {
    float[] to = new float[16];
    PyramidNoise.addStretched(new float[] {1, 2, 3, 4}, 0, 2, 2, to, 0, 4, 4, 1);

    // torch.nn.functional.interpolate(x, size=(4, 4), mode="bilinear") of [[1, 2], [3, 4]]
    assertThat(to)
        .containsExactly(
            1.0f, 1.25f, 1.75f, 2.0f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3.0f,
            3.25f, 3.75f, 4.0f);
    float[] same = new float[4];
    PyramidNoise.addStretched(new float[] {1, 2, 3, 4}, 0, 2, 2, same, 0, 2, 2, 0.5f);
    assertThat(same).containsExactly(0.5f, 1.0f, 1.5f, 2.0f);
  }

  @Test
  void inputPerturbation_addsGammaTimesMoreNoise_andKeepsTheTarget() {
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingNoise noise = TrainingNoise.create(1000).withInputPerturbation(0.1, false);
      NDArray target = manager.ones(LATENTS);

      float[] input = noise.inputNoise(target, NoiseSource.seeded(5)).toFloatArray();

      float[] extra = NoiseSource.seeded(5).gaussian(manager, LATENTS).toFloatArray();
      for (int i = 0; i < input.length; i++) {
        assertThat(input[i]).isCloseTo(1 + 0.1f * extra[i], within(1e-6f));
      }
      assertThat(target.toFloatArray()).containsOnly(1f);
      assertThat(TrainingNoise.create(1000).inputNoise(target, NoiseSource.seeded(5)))
          .isSameAs(target);
    }
  }

  @Test
  void aConfigsNoiseSettings_areCheckedWithTheirNames() {
    TrainingConfig config =
        TrainingConfigs.fromMap(
            java.util.Map.of("adaptiveNoiseScale", 0.01, "minTimestep", 800, "maxTimestep", 700));

    assertThatThrownBy(() -> TrainingNoise.from(config))
        .hasMessageContaining("adaptiveNoiseScale needs noiseOffset");
    assertThatThrownBy(
            () ->
                TrainingConfigs.validate(
                    TrainingConfigs.merge(
                        config,
                        java.util.Map.of(
                            "trainDataDir",
                            "img",
                            "baseModel",
                            "m.safetensors",
                            "noiseOffset",
                            0.1))))
        .hasMessageContaining("0 <= minTimestep < maxTimestep, got [800, 700)");
  }

  private static double neighbourCorrelation(float[] plane, int width) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i + 1 < plane.length; i++) {
      if ((i + 1) % width != 0) {
        sum += plane[i] * plane[i + 1];
        squares += plane[i] * plane[i];
      }
    }
    return sum / squares;
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
