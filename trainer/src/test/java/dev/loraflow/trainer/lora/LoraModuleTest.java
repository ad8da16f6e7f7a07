package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import org.junit.jupiter.api.Test;

/**
 * kohya's max-norm regularisation on one module (networks/lora.py apply_max_norm_regularization).
 */
class LoraModuleTest {

  @Test
  void aDeltaAboveTheMaxNorm_isScaledToIt_upAndDownAlike() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // rank 1, alpha 2: delta = 2 * up (3x1) * down (1x2), norm 2 * |up| * |down| = 2 * 3 * 5
      LoraModule lora = LoraModule.forLayer(new Linear(2, 3, false), 1, 2);
      lora.load(manager, new float[] {3, 4}, new float[] {1, 2, 2}, true);

      double after = lora.limitNorm(7.5);

      assertThat(after).isEqualTo(7.5);
      float factor = 0.5f; // sqrt(7.5 / 30)
      float[] down = lora.trainableWeights().get("lora_down.weight").array().toFloatArray();
      float[] up = lora.trainableWeights().get("lora_up.weight").array().toFloatArray();
      assertThat(down[1]).isCloseTo(4 * factor, within(1e-6f));
      assertThat(up[2]).isCloseTo(2 * factor, within(1e-6f));
      assertThat(lora.limitNorm(7.5)).isCloseTo(7.5, within(1e-5));
    }
  }

  @Test
  void aDeltaWithinTheMaxNorm_isLeftAsItIs() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LoraModule lora = LoraModule.forLayer(new Linear(2, 3, false), 1, 2);
      lora.load(manager, new float[] {3, 4}, new float[] {1, 2, 2}, true);

      assertThat(lora.limitNorm(40)).isCloseTo(30, within(1e-5));
      assertThat(lora.trainableWeights().get("lora_down.weight").array().toFloatArray())
          .containsExactly(3, 4);
    }
  }

  @Test
  void aConvLora_countsEveryKernelPosition() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // down [1, 1, 3, 3] all ones, up [2, 1, 1, 1] = (3, 4): delta norm 5 * 3 = 15 at alpha = rank
      LoraModule lora = LoraModule.forLayer(new Conv2d(1, 2, 3, 1, 1), 1, 1);
      float[] ones = new float[9];
      java.util.Arrays.fill(ones, 1);
      lora.load(manager, ones, new float[] {3, 4}, true);

      assertThat(lora.limitNorm(100)).isCloseTo(15, within(1e-5));
    }
  }
}
