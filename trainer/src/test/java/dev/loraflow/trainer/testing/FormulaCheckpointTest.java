package dev.loraflow.trainer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's test vectors, so a mismatch in the model tests is never the generator's fault. */
class FormulaCheckpointTest {

  @Test
  void matchesTheReadmeTestVectors() {
    assertThat(FormulaCheckpoint.crc32("model.diffusion_model.input_blocks.0.0.weight"))
        .isEqualTo(0xc1154559);
    float[] conv =
        FormulaCheckpoint.weights(
            "model.diffusion_model.input_blocks.0.0.weight", new long[] {320, 4, 3, 3});
    assertThat(conv[0]).isEqualTo(0.05633258447051048f);
    assertThat(conv[1]).isEqualTo(-0.20894910395145416f);
    assertThat(conv[2]).isEqualTo(0.057216301560401917f);
    assertThat(conv[conv.length - 1]).isEqualTo(-0.07092875242233276f);
    float[] bias =
        FormulaCheckpoint.weights("model.diffusion_model.input_blocks.0.0.bias", new long[] {320});
    assertThat(bias[0]).isEqualTo(-0.0033800960518419743f);
    assertThat(bias[2]).isEqualTo(-0.0869986042380333f);
    float[] gain =
        FormulaCheckpoint.weights("first_stage_model.encoder.norm_out.weight", new long[] {512});
    assertThat(gain[0]).isEqualTo(1.1336219310760498f);
    assertThat(gain[2]).isEqualTo(0.862760066986084f);
  }

  @Test
  void inputsMatchTheReferenceArrays() throws Exception {
    assertThat(FormulaCheckpoint.input("unet_x_b1", 256))
        .containsExactly(Npy.resource("/sd15/unet_b1_x.npy").floats());
  }
}
