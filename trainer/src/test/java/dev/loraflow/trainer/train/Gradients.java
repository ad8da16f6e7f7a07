package dev.loraflow.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Weight;
import java.util.List;

/** Test weights and gradients set through a real backward pass. */
final class Gradients {

  private Gradients() {}

  /** A trainable [rows, cols] weight holding {@code values}. */
  static Weight weight(NDManager manager, int rows, int cols, float... values) {
    Weight weight = new Linear(cols, rows, false).weightsByPath().get("weight");
    weight.set(manager.create(values, new Shape(rows, cols)));
    weight.setTrainable(true);
    return weight;
  }

  /**
   * Backward of {@code sum_i sum(w_i * g_i)}, whose gradient for each weight is its {@code g_i};
   * gradients add to what is there, as DJL accumulates them.
   */
  static void backward(NDManager manager, List<Weight> weights, List<float[]> gradients) {
    try (NDManager step = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      for (int i = 0; i < weights.size(); i++) {
        NDArray w = weights.get(i).array();
        NDArray term = w.mul(step.create(gradients.get(i), w.getShape())).sum();
        total = total == null ? term : total.add(term);
      }
      collector.backward(total);
    }
  }

  static float[] gradient(Weight weight) {
    try (NDArray gradient = weight.array().getGradient()) {
      return gradient.toFloatArray();
    }
  }
}
