package dev.loraflow.trainer.sample;

import static dev.loraflow.trainer.sample.SamplerReference.GUIDANCE;
import static dev.loraflow.trainer.sample.SamplerReference.LATENT;
import static dev.loraflow.trainer.sample.SamplerReference.assertClose;
import static dev.loraflow.trainer.sample.SamplerReference.assertPixels;
import static dev.loraflow.trainer.sample.SamplerReference.floats;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.schedule.DdimScheduler;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import dev.loraflow.trainer.schedule.EulerScheduler;
import dev.loraflow.trainer.schedule.Scheduler;
import dev.loraflow.trainer.testing.Npy;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samplers' conventions on the full-size formula checkpoint against the original code's runs
 * (CompVis ldm's DDIM, k-diffusion's Euler; guidance 7.5, 8 x 8 latents): schedules, the first step
 * (the UNet's raw output, the guided estimate, the latent after it) and the decoding of the final
 * latent, each within a relative L2 error of 1e-4. The whole 10-step runs are in {@link
 * SamplerFullRunReferenceTest} (tagged slow: 20 UNet calls).
 */
class SamplerReferenceTest {

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
  void ddimScheduler_hasLdmTimesteps() throws Exception {
    DdimScheduler ddim = DdimScheduler.create(DdpmSchedule.sd15(), 10);
    long[] expected = Npy.resource(SamplerReference.DIR + "ddim_a_unet_t.npy").longs();
    assertThat(ddim.timesteps())
        .containsExactly(Arrays.stream(expected).mapToObj(t -> (float) t).toArray(Float[]::new));
  }

  @Test
  void eulerScheduler_hasKDiffusionSigmasAndTimesteps() throws Exception {
    EulerScheduler euler = EulerScheduler.create(DdpmSchedule.sd15(), 10, false);
    assertThat(Npy.relativeL2(euler.sigmas(), floats("euler_a_det_sigmas"))).isLessThan(1e-6);
    assertThat(Npy.relativeL2(euler.timesteps(), floats("euler_a_det_unet_t"))).isLessThan(1e-6);
  }

  @Test
  void ddimFirstStep_matchesCompVis() throws Exception {
    DdimScheduler ddim = DdimScheduler.create(DdpmSchedule.sd15(), 10);
    try (NDManager scope = reference.manager.newSubManager()) {
      NDArray x = SamplerReference.noise(scope);
      NDArray guided = guidedFirstEps(ddim, x, "ddim_a_step1_eps");
      assertClose(
          "DDIM step-1 pred_x0", ddim.predictedOriginal(guided, 0, x), "ddim_a_step1_pred_x0");
      assertClose("DDIM step-1 latent", ddim.step(guided, 0, x, null), "ddim_a_latent_step1");
    }
  }

  @Test
  void eulerFirstStep_matchesKDiffusion() throws Exception {
    EulerScheduler euler = EulerScheduler.create(DdpmSchedule.sd15(), 10, false);
    try (NDManager scope = reference.manager.newSubManager()) {
      NDArray x = SamplerReference.noise(scope).mul(euler.initNoiseSigma());
      NDArray guided = guidedFirstEps(euler, x, "euler_a_det_step1_eps");
      assertClose(
          "Euler step-1 denoised",
          EulerScheduler.denoised(guided, x, euler.sigmas()[0]),
          "euler_a_det_step1_denoised");
      float[] steps = floats("euler_a_det_x_steps");
      double error =
          Npy.relativeL2(
              euler.step(guided, 0, x, null).toFloatArray(),
              Arrays.copyOf(steps, (int) LATENT.size()));
      assertThat(error).as("Euler step-1 latent").isLessThan(1e-4);
    }
  }

  @Test
  void decodingTheFinalLatents_matchesDecodeFirstStage() throws Exception {
    for (String name : new String[] {"ddim_a", "euler_a_det"}) {
      try (NDManager scope = reference.manager.newSubManager()) {
        NDArray decoded =
            reference.vae.decode(SamplerReference.read(scope, name + "_final_latent", LATENT));
        assertClose(name + " decoded", decoded, name + "_decoded");
        assertPixels(Pixels.toImage(decoded), name + "_image_u8");
      }
    }
  }

  /** Checks the UNet's raw [uncond; cond] output of the first step; returns it guided. */
  private static NDArray guidedFirstEps(Scheduler scheduler, NDArray x, String reference)
      throws Exception {
    NDArray input = scheduler.scaleModelInput(x, 0);
    NDArray t = x.getManager().full(new Shape(2), scheduler.timesteps()[0]);
    NDArray eps =
        SamplerReferenceTest.reference.unet.forward(
            NDArrays.concat(new NDList(input, input)),
            t,
            SamplerReference.contexts(x.getManager()));
    assertClose(reference, eps, reference);
    NDList halves = eps.split(2);
    return halves.get(0).add(halves.get(1).sub(halves.get(0)).mul((float) GUIDANCE));
  }
}
