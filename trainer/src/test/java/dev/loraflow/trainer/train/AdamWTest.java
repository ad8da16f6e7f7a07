package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Weight;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWTest {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;
  private static final double DECAY = 0.01;

  @Test
  void fourStepsWithTwoGroups_matchTorchAdamWInDoubles() {
    SplittableRandom random = new SplittableRandom(3);
    float[] unetStart = floats(random, 6, 1);
    float[] teStart = floats(random, 4, 1);
    double[] unetLr = {1e-3, 2e-3, 3e-3, 2.5e-3};
    double[] teLr = {5e-4, 5e-4, 1e-4, 0};
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight unet = Gradients.weight(manager, 2, 3, unetStart);
      Weight te = Gradients.weight(manager, 2, 2, teStart);
      AdamW adamW = new AdamW(manager);
      adamW.addGroup("unet", Map.of("lora_unet_a.weight", unet));
      adamW.addGroup("text_encoder", Map.of("lora_te_a.weight", te));
      TorchAdamW unetReference = new TorchAdamW(unetStart);
      TorchAdamW teReference = new TorchAdamW(teStart);

      for (int step = 0; step < 4; step++) {
        // gradients of very different sizes, so the epsilon and bias terms matter
        float[] unetGrad = floats(random, 6, step == 2 ? 1e-6 : 1);
        float[] teGrad = floats(random, 4, step < 2 ? 1e-8 : 10);
        Gradients.backward(manager, List.of(unet, te), List.of(unetGrad, teGrad));
        adamW.setLearningRate("unet", unetLr[step]);
        adamW.setLearningRate("text_encoder", teLr[step]);
        adamW.step();
        unetReference.step(unetGrad, unetLr[step]);
        teReference.step(teGrad, teLr[step]);

        assertClose(unet.array().toFloatArray(), unetReference.w);
        assertClose(te.array().toFloatArray(), teReference.w);
      }
      assertThat(adamW.stepCount()).isEqualTo(4);
      assertThat(unet.array().toFloatArray()).isNotEqualTo(unetStart);
    }
  }

  @Test
  void step_zeroesGradients_soTheNextBackwardStartsFresh() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 2, 1, 2);
      AdamW adamW = new AdamW(manager);
      adamW.addGroup("unet", Map.of("w", w));
      adamW.setLearningRate("unet", 1e-3);
      Gradients.backward(manager, List.of(w), List.of(new float[] {3, 4}));

      adamW.step();
      assertThat(Gradients.gradient(w)).containsExactly(0, 0);

      Gradients.backward(manager, List.of(w), List.of(new float[] {5, 6}));
      assertThat(Gradients.gradient(w)).containsExactly(5, 6);
    }
  }

  @Test
  void zeroGradients_clearsNaNGradientsToo() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 2, 1, 2);
      AdamW adamW = new AdamW(manager);
      adamW.addGroup("unet", Map.of("w", w));
      Gradients.backward(manager, List.of(w), List.of(new float[] {Float.NaN, 1}));

      adamW.zeroGradients();

      assertThat(Gradients.gradient(w)).containsExactly(0, 0);
      assertThat(w.array().toFloatArray()).containsExactly(1, 2);
      assertThat(adamW.stepCount()).isZero();
    }
  }

  @Test
  void stateExportedThroughSafetensors_resumesBitForBit(@TempDir Path dir) throws Exception {
    float[] start = {0.5f, -1.5f, 2f, 0.25f};
    List<float[]> grads =
        List.of(
            new float[] {1, -2, 3, 0.5f}, new float[] {-1, 0.1f, 2, 4}, new float[] {2, 2, -3, 1});
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight original = Gradients.weight(manager, 2, 2, start);
      AdamW first = new AdamW(manager);
      first.addGroup("unet", Map.of("w", original));
      first.setLearningRate("unet", 1e-2);
      for (float[] grad : grads.subList(0, 2)) {
        Gradients.backward(manager, List.of(original), List.of(grad));
        first.step();
      }
      Path file = dir.resolve("optimizer.safetensors");
      SafetensorsWriter.write(file, first.exportState(), Map.of());

      Weight resumed = Gradients.weight(manager, 2, 2, original.array().toFloatArray());
      AdamW second = new AdamW(manager);
      second.addGroup("unet", Map.of("w", resumed));
      second.setLearningRate("unet", 1e-2);
      try (SafetensorsReader state = SafetensorsReader.open(file)) {
        second.restoreState(state);
      }
      assertThat(second.stepCount()).isEqualTo(2);

      for (Weight w : List.of(original, resumed)) {
        Gradients.backward(manager, List.of(w), List.of(grads.get(2)));
      }
      first.step();
      second.step();
      assertThat(resumed.array().toFloatArray()).containsExactly(original.array().toFloatArray());
    }
  }

  @Test
  void stepInsideAScope_keepsTheMoments() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 2, 1, 2);
      AdamW adamW;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        adamW = new AdamW(manager);
        adamW.addGroup("unet", Map.of("w", w));
        adamW.setLearningRate("unet", 1e-3);
        Gradients.backward(manager, List.of(w), List.of(new float[] {1, -1}));
        adamW.step();
      }
      TensorStore state = adamW.exportState();
      // m = (1 - beta1) * g after one step
      assertThat(state.read("exp_avg/w").toFloatArray()).containsExactly(0.1f, -0.1f);
    }
  }

  @Test
  void restoreState_withAnotherShape_namesTheTensor() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AdamW adamW = new AdamW(manager);
      adamW.addGroup("unet", Map.of("w", Gradients.weight(manager, 1, 2, 1, 2)));
      InMemoryTensors state = (InMemoryTensors) adamW.exportState();
      InMemoryTensors wrong = new InMemoryTensors();
      state.tensors().stream()
          .filter(info -> !info.name().equals("exp_avg_sq/w"))
          .forEach(info -> wrong.put(state.read(info.name())));
      wrong.put(TensorData.ofFloats("exp_avg_sq/w", new long[] {3}, new float[3]));

      assertThatThrownBy(() -> adamW.restoreState(wrong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exp_avg_sq/w");
    }
  }

  @Test
  void restoreState_withAForeignWeight_namesIt() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AdamW adamW = new AdamW(manager);
      adamW.addGroup("unet", Map.of("w", Gradients.weight(manager, 1, 2, 1, 2)));
      InMemoryTensors state = (InMemoryTensors) adamW.exportState();
      state.put(TensorData.ofFloats("exp_avg/other", new long[] {1}, new float[1]));

      assertThatThrownBy(() -> adamW.restoreState(state)).hasMessageContaining("exp_avg/other");
    }
  }

  @Test
  void stepWithoutLearningRate_namesTheGroup() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AdamW adamW = new AdamW(manager);
      Map<String, Weight> weights = new LinkedHashMap<>();
      weights.put("w", Gradients.weight(manager, 1, 2, 1, 2));
      adamW.addGroup("text_encoder", weights);

      assertThatThrownBy(adamW::step)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("text_encoder")
          .hasMessageContaining("setLearningRate");
    }
  }

  @Test
  void aWeightInTwoGroups_isRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AdamW adamW = new AdamW(manager);
      Weight w = Gradients.weight(manager, 1, 2, 1, 2);
      adamW.addGroup("unet", Map.of("w", w));

      assertThatThrownBy(() -> adamW.addGroup("text_encoder", Map.of("w", w)))
          .hasMessageContaining("'w'");
    }
  }

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6));
    }
  }

  private static float[] floats(SplittableRandom random, int count, double scale) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return values;
  }

  /** torch.optim.AdamW's documented algorithm (amsgrad off, maximize off) in plain doubles. */
  private static final class TorchAdamW {
    final double[] w;
    final double[] m;
    final double[] v;
    int t;

    TorchAdamW(float[] start) {
      w = new double[start.length];
      for (int i = 0; i < start.length; i++) {
        w[i] = start[i];
      }
      m = new double[start.length];
      v = new double[start.length];
    }

    void step(float[] g, double lr) {
      t++;
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * DECAY * w[i];
        m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
        v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(BETA1, t));
        double vHat = v[i] / (1 - Math.pow(BETA2, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
      }
    }
  }
}
