package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Weight;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossScalerTest {

  @Test
  void scaledBackwardThenUnscale_givesTheTrueGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 2, 1, 2);
      LossScaler scaler = new LossScaler();
      try (NDManager step = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = w.array().mul(step.create(new float[] {0.5f, -3}).reshape(1, 2)).sum();
        collector.backward(scaler.scaleLoss(loss));
      }
      assertThat(Gradients.gradient(w)).containsExactly(0.5f * 65536, -3f * 65536);

      assertThat(scaler.unscale(List.of(w))).isTrue();

      assertThat(Gradients.gradient(w)).containsExactly(0.5f, -3f);
      assertThat(scaler.state()).isEqualTo(new LossScaler.State(65536, 1));
    }
  }

  @Test
  void infiniteOrNaNGradient_skipsTheStepAndHalvesTheScale() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight finite = Gradients.weight(manager, 1, 2, 1, 2);
      Weight overflowed = Gradients.weight(manager, 1, 1, 1);
      LossScaler scaler = new LossScaler(new LossScaler.State(1024, 7));

      Gradients.backward(
          manager,
          List.of(finite, overflowed),
          List.of(new float[] {1, 2}, new float[] {Float.POSITIVE_INFINITY}));
      assertThat(scaler.unscale(List.of(finite, overflowed))).isFalse();
      assertThat(scaler.state()).isEqualTo(new LossScaler.State(512, 0));

      Gradients.backward(
          manager,
          List.of(finite, overflowed),
          List.of(new float[] {Float.NaN, 0}, new float[] {0}));
      assertThat(scaler.unscale(List.of(finite, overflowed))).isFalse();
      assertThat(scaler.scale()).isEqualTo(256);
    }
  }

  @Test
  void twoThousandGoodSteps_doubleTheScale() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 1, 1);
      Gradients.backward(manager, List.of(w), List.of(new float[] {1}));
      LossScaler scaler = new LossScaler();

      for (int i = 0; i < 1999; i++) {
        assertThat(scaler.unscale(List.of(w))).isTrue();
      }
      assertThat(scaler.state()).isEqualTo(new LossScaler.State(65536, 1999));
      scaler.unscale(List.of(w));
      assertThat(scaler.state()).isEqualTo(new LossScaler.State(131072, 0));
    }
  }

  @Test
  void savedState_continuesTheCount() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight w = Gradients.weight(manager, 1, 1, 1);
      Gradients.backward(manager, List.of(w), List.of(new float[] {1}));
      LossScaler resumed = new LossScaler(new LossScaler.State(8192, 1999));

      resumed.unscale(List.of(w));

      assertThat(resumed.state()).isEqualTo(new LossScaler.State(16384, 0));
    }
  }

  @Test
  void invalidState_namesTheField() {
    assertThatThrownBy(() -> new LossScaler.State(0, 0)).hasMessageContaining("scale");
    assertThatThrownBy(() -> new LossScaler.State(1, 2000)).hasMessageContaining("goodSteps");
  }
}
