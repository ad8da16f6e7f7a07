package dev.loraflow.trainer.sd.vae;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.LoadReport;
import dev.loraflow.trainer.sd.StableDiffusionLoader;
import dev.loraflow.trainer.sd.VaeConfig;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full-size SD VAE on the formula checkpoint against CompVis ldm's encoder output. */
class AutoencoderKLReferenceTest {

  private static NDManager manager;
  private static AutoencoderKL vae;
  private static LoadReport report;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager();
    FormulaCheckpoint store = FormulaCheckpoint.sd15(name -> name.startsWith("first_stage_model."));
    StableDiffusionLoader.Loaded<AutoencoderKL> loaded = StableDiffusionLoader.vae(store, manager);
    vae = loaded.model();
    report = loaded.report();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void infersSd15AndLoadsAll248Weights() {
    assertThat(vae.config()).isEqualTo(VaeConfig.sd15());
    assertThat(report.loaded()).isEqualTo(248);
    assertThat(report.missing()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
  }

  @Test
  void encoder_matchesLdmMeanLogvarAndScaledLatents() throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image =
          scope.create(Npy.resource("/sd15/vae_enc_image.npy").floats(), new Shape(1, 3, 64, 64));

      AutoencoderKL.Posterior posterior = vae.encode(image);
      NDArray latents = vae.encodeLatents(image);

      double meanError =
          Npy.relativeL2(
              posterior.mean().toFloatArray(), Npy.resource("/sd15/vae_enc_mean.npy").floats());
      System.out.printf("VAE mean relative L2 error vs ldm: %.3g%n", meanError);
      assertThat(meanError).isLessThan(1e-4);
      assertThat(
              Npy.relativeL2(
                  posterior.logVariance().toFloatArray(),
                  Npy.resource("/sd15/vae_enc_logvar.npy").floats()))
          .isLessThan(1e-4);
      assertThat(
              Npy.relativeL2(
                  latents.toFloatArray(), Npy.resource("/sd15/vae_enc_mean_scaled.npy").floats()))
          .isLessThan(1e-4);
    }
  }

  @Test
  void decoder_turnsLatentsIntoAnImage8xLarger() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = vae.decode(scope.zeros(new Shape(1, 4, 4, 4)));
      assertThat(image.getShape()).isEqualTo(new Shape(1, 3, 32, 32));
      assertThat(image.isNaN().any().getBoolean()).isFalse();
    }
  }
}
