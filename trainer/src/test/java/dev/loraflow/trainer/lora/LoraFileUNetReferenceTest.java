package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.StableDiffusionLoader;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kohya's reference LoRA file on the full-size formula UNet against what kohya's own loader makes
 * of it ({@code sd15/lora/README.md}).
 */
class LoraFileUNetReferenceTest {

  private static NDManager manager;
  private static UNetModel unet;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager();
    FormulaCheckpoint store =
        FormulaCheckpoint.sd15(name -> name.startsWith(UNetModel.CHECKPOINT_PREFIX));
    unet = StableDiffusionLoader.unet(store, manager).model();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static Path referenceLora() throws Exception {
    return Path.of(
        LoraFileUNetReferenceTest.class
            .getResource("/sd15/lora/formula_lora_sd15_r4_a2_fp16.safetensors")
            .toURI());
  }

  @Test
  void referenceLora_matchesKohyasUNetOutput_andDetachingRestoresTheBase() throws Exception {
    try (NDManager scope = manager.newSubManager();
        LoraFile file = LoraFile.read(referenceLora())) {
      assertThat(file.modules()).hasSize(264);
      assertThat(file.modules().values()).allMatch(s -> s.rank() == 4 && s.alpha() == 2f);
      LoraNetwork network = file.apply(unet, null, 1f, scope);
      assertThat(network.modules()).hasSize(192);

      double withLora = relativeError(scope, "/sd15/lora/unet_b1_out_lora.npy");
      network.detach();
      double detached = relativeError(scope, "/sd15/unet_b1_out.npy");

      System.out.printf("UNet + LoRA relative L2 error vs kohya: %.3g%n", withLora);
      assertThat(withLora).isLessThan(1e-4);
      assertThat(detached).isLessThan(1e-4);
    }
  }

  private static double relativeError(NDManager scope, String reference) throws Exception {
    NDArray x = scope.create(Npy.resource("/sd15/unet_b1_x.npy").floats(), new Shape(1, 4, 8, 8));
    NDArray t = scope.create(Npy.resource("/sd15/unet_b1_timesteps.npy").longs());
    NDArray context =
        scope.create(Npy.resource("/sd15/unet_b1_context.npy").floats(), new Shape(1, 77, 768));
    float[] eps = unet.forward(x, t, context).toFloatArray();
    return Npy.relativeL2(eps, Npy.resource(reference).floats());
  }
}
