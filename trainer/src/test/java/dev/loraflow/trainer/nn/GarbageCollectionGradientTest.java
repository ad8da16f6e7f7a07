package dev.loraflow.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Attention.Implementation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between forward and backward changes no gradient. DJL's {@code mul(Number)}
 * hands autograd a scalar over a Java buffer that a GC frees (then backward reads whatever reuses
 * that memory); these ops must not depend on one.
 */
class GarbageCollectionGradientTest {

  private final Implementation before = Attention.implementation();

  @AfterEach
  void restoreImplementation() {
    Attention.setImplementation(before);
  }

  @Test
  void silu_gradientSurvivesACollection() throws Exception {
    assertGradientSurvivesACollection(Activations::silu);
  }

  @Test
  void scalarsLike_gradientSurvivesACollection() throws Exception {
    assertGradientSurvivesACollection(x -> x.mul(Scalars.like(x, 3)));
  }

  @Test
  void matmulSoftmaxAttention_gradientSurvivesACollection() throws Exception {
    Attention.setImplementation(Implementation.MATMUL_SOFTMAX);
    assertGradientSurvivesACollection(x -> Attention.attend(x, x, x, 2, null));
  }

  @Test
  void sdpaAttention_gradientSurvivesACollection() throws Exception {
    Attention.setImplementation(Implementation.SDPA);
    assertGradientSurvivesACollection(x -> Attention.attend(x, x, x, 2, null));
  }

  private static void assertGradientSurvivesACollection(UnaryOperator<NDArray> op)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] undisturbed = gradient(manager, op, false);
      float[] collected = gradient(manager, op, true);

      assertThat(undisturbed).isNotEqualTo(new float[undisturbed.length]);
      assertThat(collected).containsExactly(undisturbed);
    }
  }

  private static float[] gradient(NDManager manager, UnaryOperator<NDArray> op, boolean collect)
      throws InterruptedException {
    manager.getEngine().setRandomSeed(5);
    NDArray x = manager.randomNormal(new Shape(2, 8, 16));
    x.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray y;
      try (NDScope scope = new NDScope()) {
        y = op.apply(x);
        NDScope.unregister(y);
      }
      if (collect) {
        collectAndReuseFreedBuffers();
      }
      collector.backward(y.sum());
    }
    return x.getGradient().toFloatArray();
  }

  /** Frees unreachable direct buffers and fills new ones where they were likely to lie. */
  private static void collectAndReuseFreedBuffers() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20); // the Cleaner thread frees direct buffers after the collection
    }
    List<ByteBuffer> reuse = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(4 << (i % 4));
      while (buffer.hasRemaining()) {
        buffer.put((byte) 0x7f);
      }
      reuse.add(buffer);
    }
    assertThat(reuse).hasSize(2000);
  }
}
