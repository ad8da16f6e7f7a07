package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.nn.Weight;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void normAboveTheLimit_scalesAllGradientsByOneFactor() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight a = Gradients.weight(manager, 1, 2, 0, 0);
      Weight b = Gradients.weight(manager, 1, 1, 0);
      // one norm over both: sqrt(3^2 + 4^2 + 12^2) = 13
      Gradients.backward(manager, List.of(a, b), List.of(new float[] {3, 4}, new float[] {12}));

      double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);

      assertThat(norm).isCloseTo(13, within(1e-5));
      double scale = 1 / (13 + 1e-6);
      assertThat(Gradients.gradient(a)[0]).isCloseTo((float) (3 * scale), within(1e-7f));
      assertThat(Gradients.gradient(a)[1]).isCloseTo((float) (4 * scale), within(1e-7f));
      assertThat(Gradients.gradient(b)[0]).isCloseTo((float) (12 * scale), within(1e-7f));
    }
  }

  @Test
  void normBelowTheLimit_leavesGradientsAlone() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Weight a = Gradients.weight(manager, 1, 2, 0, 0);
      Gradients.backward(manager, List.of(a), List.of(new float[] {0.3f, 0.4f}));

      double norm = GradientClipping.clipGlobalNorm(List.of(a), 1.0);

      assertThat(norm).isCloseTo(0.5, within(1e-6));
      assertThat(Gradients.gradient(a)).containsExactly(0.3f, 0.4f);
    }
  }

  @Test
  void nonPositiveLimit_isRefused() {
    assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(List.of(), 0))
        .hasMessageContaining("maxNorm");
  }
}
