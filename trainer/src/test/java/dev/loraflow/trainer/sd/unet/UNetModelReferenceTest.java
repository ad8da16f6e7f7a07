package dev.loraflow.trainer.sd.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.LoadReport;
import dev.loraflow.trainer.sd.StableDiffusionLoader;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full-size SD 1.5 UNet on the formula checkpoint against CompVis ldm's output. */
class UNetModelReferenceTest {

  private static NDManager manager;
  private static UNetModel unet;
  private static LoadReport report;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager();
    FormulaCheckpoint store =
        FormulaCheckpoint.sd15(name -> name.startsWith("model.diffusion_model."));
    StableDiffusionLoader.Loaded<UNetModel> loaded = StableDiffusionLoader.unet(store, manager);
    unet = loaded.model();
    report = loaded.report();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void infersSd15AndLoadsAll686Weights() {
    assertThat(unet.config()).isEqualTo(UNetConfig.sd15());
    assertThat(report.loaded()).isEqualTo(686);
    assertThat(report.missing()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
  }

  @Test
  void timestepEmbedding_isCosThenSin() throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray t = scope.create(Npy.resource("/sd15/unet_b1_timesteps.npy").longs());
      float[] emb = unet.timestepEmbedding(t).toFloatArray();
      assertThat(
              Npy.relativeL2(
                  emb, Npy.resource("/sd15/unet_b1_dbg_timestep_embedding.npy").floats()))
          .isLessThan(1e-5);
    }
  }

  @Test
  void forward_matchesLdmWithinRelativeL2Of1e4() throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(Npy.resource("/sd15/unet_b1_x.npy").floats(), new Shape(1, 4, 8, 8));
      NDArray t = scope.create(Npy.resource("/sd15/unet_b1_timesteps.npy").longs());
      NDArray context =
          scope.create(Npy.resource("/sd15/unet_b1_context.npy").floats(), new Shape(1, 77, 768));

      float[] eps = unet.forward(x, t, context).toFloatArray();

      double error = Npy.relativeL2(eps, Npy.resource("/sd15/unet_b1_out.npy").floats());
      System.out.printf("UNet relative L2 error vs ldm: %.3g%n", error);
      assertThat(error).isLessThan(1e-4);
    }
  }
}
