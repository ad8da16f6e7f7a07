package dev.loraflow.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.testing.Npy;
import org.junit.jupiter.api.Test;

class DdpmScheduleTest {

  private final DdpmSchedule schedule = DdpmSchedule.sd15();

  @Test
  void buffersEqualTheLdmReference() throws Exception {
    assertThat(schedule.betas()).containsExactly(Npy.resource("/sd15/sched_betas.npy").floats());
    assertThat(
            Npy.relativeL2(
                schedule.alphasCumprod(), Npy.resource("/sd15/sched_alphas_cumprod.npy").floats()))
        .isLessThan(1e-6);
  }

  @Test
  void addNoiseAtStep500_matchesQSample() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = new Shape(1, 4, 8, 8);
      NDArray x0 = manager.create(Npy.resource("/sd15/qsample_x0.npy").floats(), shape);
      NDArray noise = manager.create(Npy.resource("/sd15/qsample_noise.npy").floats(), shape);

      NDArray xt = schedule.addNoise(x0, noise, manager.create(new long[] {500}));

      assertThat(
              Npy.relativeL2(xt.toFloatArray(), Npy.resource("/sd15/qsample_t500_xt.npy").floats()))
          .isLessThan(1e-6);
    }
  }

  @Test
  void snrFallsFromHighToNearZero() {
    float[] snr = schedule.snr();
    assertThat(snr[0]).isGreaterThan(1000f);
    assertThat(snr[999]).isLessThan(0.01f);
  }
}
