package dev.loraflow.trainer.sample;

import static dev.loraflow.trainer.sample.SamplerReference.LATENT;
import static dev.loraflow.trainer.sample.SamplerReference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.schedule.DdimScheduler;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import dev.loraflow.trainer.schedule.EulerScheduler;
import dev.loraflow.trainer.schedule.Scheduler;
import dev.loraflow.trainer.testing.Npy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole 10-step reference runs through {@link GuidedSampling}: every step's latent and the
 * final one within a relative L2 error of 1e-4. Tagged {@code slow} (about 3 minutes on 2 cores)
 * and left out of the default build; run it with {@code -Dtest=SamplerFullRunReferenceTest
 * -Dtrainer.test.excludedGroups=none}.
 */
@Tag("slow")
class SamplerFullRunReferenceTest {

  private static SamplerReference reference;

  @BeforeAll
  static void load() throws Exception {
    reference = new SamplerReference();
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  @Test
  void ddim_matchesCompVisDdimSampler() throws Exception {
    runAndCompare(DdimScheduler.create(DdpmSchedule.sd15(), 10), "ddim_a");
  }

  @Test
  void euler_matchesKDiffusionSampleEuler() throws Exception {
    runAndCompare(EulerScheduler.create(DdpmSchedule.sd15(), 10, false), "euler_a_det");
  }

  private static void runAndCompare(Scheduler scheduler, String name) throws Exception {
    try (NDManager scope = reference.manager.newSubManager()) {
      List<float[]> steps = new ArrayList<>();
      NDArray last =
          new GuidedSampling(reference.unet)
              .run(
                  scheduler,
                  SamplerReference.contexts(scope),
                  SamplerReference.noise(scope),
                  SamplerReference.GUIDANCE,
                  like -> {
                    throw new AssertionError("a deterministic sampler asked for noise");
                  },
                  (step, latent) -> steps.add(latent.toFloatArray()));

      float[] expected = SamplerReference.floats(name + "_x_steps");
      int size = (int) LATENT.size();
      assertThat(steps).hasSize(expected.length / size);
      for (int i = 0; i < steps.size(); i++) {
        double error =
            Npy.relativeL2(steps.get(i), Arrays.copyOfRange(expected, i * size, (i + 1) * size));
        assertThat(error).as("%s latent after step %d", name, i + 1).isLessThan(1e-4);
      }
      assertClose(name + " final latent", last, name + "_final_latent");
    }
  }
}
