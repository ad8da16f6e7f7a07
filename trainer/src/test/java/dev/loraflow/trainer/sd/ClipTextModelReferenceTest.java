package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full-size CLIP ViT-L/14 on the formula checkpoint against OpenAI CLIP's outputs. */
class ClipTextModelReferenceTest {

  private static NDManager manager;
  private static ClipTextModel clip;
  private static LoadReport report;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager();
    FormulaCheckpoint store = FormulaCheckpoint.sd15(name -> name.startsWith("cond_stage_model."));
    StableDiffusionLoader.Loaded<ClipTextModel> loaded =
        StableDiffusionLoader.textEncoder(store, manager);
    clip = loaded.model();
    report = loaded.report();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void infersViTL14AndLoadsEveryWeight() {
    assertThat(clip.config()).isEqualTo(ClipTextConfig.sd15());
    assertThat(report.missing()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
    assertThat(report.ignored())
        .containsExactly("cond_stage_model.transformer.text_model.embeddings.position_ids");
  }

  @Test
  void clipSkip1_matchesLastHiddenState() throws Exception {
    assertThat(relativeError(1, "/sd15/clip_last_hidden_state.npy")).isLessThan(1e-4);
  }

  @Test
  void clipSkip2_matchesPenultimateLayerThroughFinalNorm() throws Exception {
    assertThat(relativeError(2, "/sd15/clip_skip2.npy")).isLessThan(1e-4);
  }

  private static double relativeError(int clipSkip, String reference) throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray tokens =
          scope.create(Npy.resource("/sd15/clip_tokens.npy").longs(), new Shape(1, 77));
      float[] out = clip.forward(tokens, clipSkip).toFloatArray();
      double error = Npy.relativeL2(out, Npy.resource(reference).floats());
      System.out.printf(
          "CLIP clip skip %d relative L2 error vs OpenAI CLIP: %.3g%n", clipSkip, error);
      return error;
    }
  }
}
