package dev.loraflow.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class CastsTest {

  @Test
  void aHalfPrecisionRoundTrip_carriesTheGradientBack() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1.5f, -2f, 3f});
      w.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray half = Casts.to(w.mul(w), DataType.FLOAT16);
        assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
        NDArray back = Casts.to(half, DataType.FLOAT32);
        collector.backward(back.sum());
      }
      // d(sum w^2)/dw = 2w, through both casts
      assertThat(w.getGradient().toFloatArray()).containsExactly(3f, -4f, 6f);
    }
  }

  @Test
  void aCastToTheSameType_isTheArrayItself() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1});
      assertThat(Casts.to(x, DataType.FLOAT32)).isSameAs(x);
    }
  }
}
