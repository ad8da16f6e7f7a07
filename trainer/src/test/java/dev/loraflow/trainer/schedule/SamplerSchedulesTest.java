package dev.loraflow.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The samplers' timesteps and sigmas beyond the 10-step reference runs. */
class SamplerSchedulesTest {

  private static final DdpmSchedule SD = DdpmSchedule.sd15();

  @Test
  void ddim_runsLdmsTimesteps_leavingOutOneAtTheEnd() {
    assertThat(DdimScheduler.create(SD, 7).timesteps()) // range(0, 1000, 142) + 1: eight of them
        .containsExactly(995f, 853f, 711f, 569f, 427f, 285f, 143f, 1f);
    assertThat(DdimScheduler.create(SD, 3).timesteps()) // 1000 would be past the schedule
        .containsExactly(667f, 334f, 1f);
    assertThatThrownBy(() -> DdimScheduler.create(SD, 501))
        .hasMessage("DDIM steps must be in 1..500, got 501");
  }

  @Test
  void karrasSigmas_runFromTheModelsLargestToItsSmallest_denserAtTheLowEnd() {
    ModelSigmas model = ModelSigmas.of(SD);
    float[] sigmas = model.karras(10);
    assertThat(sigmas).hasSize(11);
    assertThat(sigmas[0]).isCloseTo(model.max(), within(1e-4f));
    assertThat(sigmas[9]).isCloseTo(model.min(), within(1e-6f));
    assertThat(sigmas[10]).isZero();
    for (int i = 0; i + 2 < 10; i++) {
      assertThat(sigmas[i] - sigmas[i + 1]).isGreaterThan(sigmas[i + 1] - sigmas[i + 2]);
    }
    float[] timesteps = EulerScheduler.create(SD, 10, true).timesteps();
    assertThat(timesteps[0]).isCloseTo(999f, within(1e-2f));
    assertThat(timesteps[9]).isCloseTo(0f, within(1e-2f));
  }

  @Test
  void timestepOfSigma_invertsSigmaAtTimestep() {
    ModelSigmas model = ModelSigmas.of(SD);
    for (float t : new float[] {0f, 1.5f, 250.25f, 998.75f, 999f}) {
      assertThat(model.timestepOf(model.sigmaAt(t))).isCloseTo(t, within(1e-2f));
    }
  }
}
