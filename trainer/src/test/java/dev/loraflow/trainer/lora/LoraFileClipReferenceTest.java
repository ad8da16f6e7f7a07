package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.StableDiffusionLoader;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kohya's reference LoRA file on the full-size formula text encoder against kohya's outputs. */
class LoraFileClipReferenceTest {

  private static NDManager manager;
  private static ClipTextModel clip;
  private static LoraNetwork network;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager();
    FormulaCheckpoint store = FormulaCheckpoint.sd15(name -> name.startsWith("cond_stage_model."));
    clip = StableDiffusionLoader.textEncoder(store, manager).model();
    try (LoraFile file = LoraFile.read(LoraFileUNetReferenceTest.referenceLora())) {
      network = file.apply(null, clip, 1f, manager);
    }
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void appliesOnlyTheTextEncodersModules() {
    assertThat(network.modules()).hasSize(72);
  }

  @Test
  void clipSkip1_matchesKohyasLastHiddenState() throws Exception {
    assertThat(relativeError(1, "/sd15/lora/clip_last_hidden_state_lora.npy")).isLessThan(1e-4);
  }

  @Test
  void clipSkip2_matchesKohyasPenultimateLayerThroughFinalNorm() throws Exception {
    assertThat(relativeError(2, "/sd15/lora/clip_skip2_lora.npy")).isLessThan(1e-4);
  }

  private static double relativeError(int clipSkip, String reference) throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray tokens =
          scope.create(Npy.resource("/sd15/clip_tokens.npy").longs(), new Shape(1, 77));
      float[] out = clip.forward(tokens, clipSkip).toFloatArray();
      double error = Npy.relativeL2(out, Npy.resource(reference).floats());
      System.out.printf(
          "CLIP + LoRA clip skip %d relative L2 error vs kohya: %.3g%n", clipSkip, error);
      return error;
    }
  }
}
