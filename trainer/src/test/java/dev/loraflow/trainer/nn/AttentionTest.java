package dev.loraflow.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Attention.Implementation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused SDPA path gives the matmul-softmax reference's output and gradients, with and without a
 * mask, and leaves nothing behind in the caller's manager.
 */
class AttentionTest {

  private static final int HEADS = 4;
  private static final double LIMIT = 1e-5;

  private final Implementation before = Attention.implementation();

  @AfterEach
  void restoreImplementation() {
    Attention.setImplementation(before);
  }

  @Test
  void crossAttentionWithoutMask_sdpaEqualsMatmulSoftmax() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(11);
      NDArray q = manager.randomNormal(new Shape(2, 64, 32));
      NDArray k = manager.randomNormal(new Shape(2, 20, 32));
      NDArray v = manager.randomNormal(new Shape(2, 20, 32));

      assertSameOutputAndGradients(manager, q, k, v, null);
    }
  }

  @Test
  void selfAttentionWithCausalMask_sdpaEqualsMatmulSoftmax() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(12);
      int tokens = 24;
      float[] causal = new float[tokens * tokens];
      for (int i = 0; i < tokens; i++) {
        for (int j = i + 1; j < tokens; j++) {
          causal[i * tokens + j] = Float.NEGATIVE_INFINITY;
        }
      }
      NDArray mask = manager.create(causal, new Shape(1, tokens, tokens));
      NDArray x = manager.randomNormal(new Shape(2, tokens, 32));

      assertSameOutputAndGradients(manager, x, x.mul(0.5f), x.mul(-1.5f), mask);
    }
  }

  @Test
  void perHeadMask_sdpaEqualsMatmulSoftmax() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(13);
      NDArray q = manager.randomNormal(new Shape(2, 16, 32));
      NDArray k = manager.randomNormal(new Shape(2, 12, 32));
      NDArray v = manager.randomNormal(new Shape(2, 12, 32));
      NDArray mask = manager.randomNormal(new Shape(2 * HEADS, 16, 12)).mul(3f);

      assertSameOutputAndGradients(manager, q, k, v, mask);
    }
  }

  @Test
  void aMaskOfAnotherBatch_isRefusedNamingTheExpectedShape() {
    Attention.setImplementation(Implementation.SDPA);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray q = manager.randomNormal(new Shape(2, 8, 32));
      NDArray mask = manager.zeros(new Shape(3, 8, 8));

      assertThatThrownBy(() -> Attention.attend(q, q, q, HEADS, mask))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[8, Tq, Tk]")
          .hasMessageContaining("(3, 8, 8)");
    }
  }

  @Test
  void repeatedSdpaCalls_leaveOnlyTheirResultsInTheManager() {
    Attention.setImplementation(Implementation.SDPA);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray q = manager.randomNormal(new Shape(1, 16, 32));
      NDArray mask = manager.zeros(new Shape(1, 16, 16));
      int arraysBefore = manager.getManagedArrays().size();

      for (int i = 0; i < 50; i++) {
        Attention.attend(q, q, q, HEADS, i % 2 == 0 ? null : mask).close();
      }

      assertThat(manager.getManagedArrays()).hasSize(arraysBefore);
    }
  }

  private static void assertSameOutputAndGradients(
      NDManager manager, NDArray q, NDArray k, NDArray v, NDArray mask) {
    // a random upstream gradient, so every output element's gradient path is checked
    NDArray upstream =
        manager.randomNormal(new Shape(q.getShape().get(0), q.getShape().get(1), 32));
    NDList reference = outputAndGradients(Implementation.MATMUL_SOFTMAX, q, k, v, mask, upstream);
    NDList fused = outputAndGradients(Implementation.SDPA, q, k, v, mask, upstream);
    String[] names = {"output", "dq", "dk", "dv"};
    for (int i = 0; i < names.length; i++) {
      assertThat(reference.get(i).abs().sum().getFloat()).as(names[i]).isGreaterThan(0f);
      assertThat(relativeL2(fused.get(i), reference.get(i))).as(names[i]).isLessThan(LIMIT);
    }
  }

  /** Output and the gradients of sum(output * upstream) with respect to fresh copies of q, k, v. */
  private static NDList outputAndGradients(
      Implementation implementation,
      NDArray q,
      NDArray k,
      NDArray v,
      NDArray mask,
      NDArray upstream) {
    Attention.setImplementation(implementation);
    NDArray[] inputs = {q.duplicate(), k.duplicate(), v.duplicate()};
    for (NDArray input : inputs) {
      input.setRequiresGradient(true);
    }
    NDArray output;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      output = Attention.attend(inputs[0], inputs[1], inputs[2], HEADS, mask);
      collector.backward(output.mul(upstream).sum());
    }
    return new NDList(
        output.stopGradient(),
        inputs[0].getGradient(),
        inputs[1].getGradient(),
        inputs[2].getGradient());
  }

  private static double relativeL2(NDArray actual, NDArray expected) {
    double difference = actual.sub(expected).norm().getFloat();
    return difference / expected.norm().getFloat();
  }
}
