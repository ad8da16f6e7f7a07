package dev.loraflow.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The model runs each block in its own {@link Scopes#keepResult} scope, which closes the handles of
 * every intermediate before backward. Autograd keeps what it saved, so the gradients must be the
 * ones an unscoped pass gives.
 */
class ScopedGradientTest {

  @Test
  void gradientsThroughNestedScopes_equalGradientsWithoutThem() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      Linear projection = new Linear(16, 16, true);
      GroupNorm norm = new GroupNorm(4, 16, 1e-5f);
      projection.weightsByPath().get("weight").set(manager.randomNormal(new Shape(16, 16)));
      projection.weightsByPath().get("bias").set(manager.randomNormal(new Shape(16)));
      norm.weightsByPath().get("weight").set(manager.randomNormal(new Shape(16)));
      norm.weightsByPath().get("bias").set(manager.randomNormal(new Shape(16)));
      projection.weightsByPath().get("weight").setTrainable(true);
      norm.weightsByPath().get("weight").setTrainable(true);
      NDArray input = manager.randomNormal(new Shape(2, 16, 3, 3));

      Function<NDArray, NDArray> block =
          x -> {
            NDArray tokens = x.reshape(2, 16, 9).transpose(0, 2, 1);
            NDArray projected = projection.forward(tokens);
            NDArray attended = Attention.attend(projected, projected, projected, 4, null);
            NDArray image = attended.transpose(0, 2, 1).reshape(2, 16, 3, 3);
            return Activations.silu(norm.forward(image)).add(x);
          };

      float[][] unscoped = gradients(manager, projection, norm, () -> block.apply(input));
      float[][] scoped =
          gradients(
              manager,
              projection,
              norm,
              () -> Scopes.keepResult(() -> block.apply(Scopes.keepResult(() -> input.mul(1)))));

      assertThat(unscoped[0]).isNotEqualTo(new float[unscoped[0].length]);
      assertThat(scoped[0]).containsExactly(unscoped[0]);
      assertThat(scoped[1]).containsExactly(unscoped[1]);
    }
  }

  private static float[][] gradients(
      NDManager manager,
      Linear projection,
      GroupNorm norm,
      java.util.function.Supplier<NDArray> forward) {
    try (NDManager step = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray out = forward.get();
      collector.backward(out.square().mean());
    }
    NDArray projectionGrad = projection.trainableWeights().get("weight").array().getGradient();
    NDArray normGrad = norm.trainableWeights().get("weight").array().getGradient();
    float[][] result = {projectionGrad.toFloatArray(), normGrad.toFloatArray()};
    // gradients accumulate across backward calls (torch semantics): clear them for the next pass
    projectionGrad.subi(projectionGrad);
    normGrad.subi(normGrad);
    projectionGrad.close();
    normGrad.close();
    return result;
  }
}
