package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.testing.TinySd;
import org.junit.jupiter.api.Test;

/**
 * Gradients reach a LoRA-style adapter through the scoped forward pass, although its intermediates'
 * handles are closed before backward (autograd keeps what it saved).
 */
class AdapterGradientTest {

  @Test
  void backwardThroughTheUNet_reachesAdapterWeights() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      StableDiffusion sd = StableDiffusion.load(TinySd.checkpoint(), manager);
      Linear toQ =
          (Linear)
              sd.unet().modulesByPath().get("input_blocks.1.1.transformer_blocks.0.attn1.to_q");
      NDArray down = manager.randomNormal(new Shape(4, toQ.inFeatures())).mul(0.1f);
      NDArray up = manager.zeros(new Shape(toQ.outFeatures(), 4));
      down.setRequiresGradient(true);
      up.setRequiresGradient(true);
      toQ.setAdapter(
          x ->
              ai.djl.nn.core.Linear.linear(
                      ai.djl.nn.core.Linear.linear(x, down).singletonOrThrow(), up)
                  .singletonOrThrow());

      try (NDManager batch = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray tokens =
            batch.create(ClipTokenizer.sd15().encodeForSd("1girl, solo"), new Shape(1, 77));
        NDArray context = sd.textEncoder().forward(tokens, 2);
        NDArray latents = batch.randomNormal(new Shape(1, 4, 8, 8));
        NDArray noise = batch.randomNormal(new Shape(1, 4, 8, 8));
        NDArray prediction = sd.unet().forward(latents, batch.create(new long[] {300}), context);
        collector.backward(prediction.sub(noise).square().mean());
      }

      // up starts at zero (as in kohya), so only it gets a gradient on the first step
      assertThat(up.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
      assertThat(down.getGradient().abs().sum().getFloat()).isEqualTo(0f);
    }
  }
}
