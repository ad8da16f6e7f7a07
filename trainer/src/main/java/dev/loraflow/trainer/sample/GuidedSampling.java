package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.schedule.Scheduler;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.util.function.UnaryOperator;

/**
 * The sampling loop with classifier-free guidance: at each step one UNet call on the batch {@code
 * [uncond; cond]} (as ldm and k-diffusion order it), {@code eps = e_u + scale (e_c - e_u)}, then
 * the scheduler's step. Each step's arrays live in a sub-manager: only the latent is kept.
 */
public final class GuidedSampling {

  /** Sees the latent after each step (tests compare them; a progress bar counts them). */
  @FunctionalInterface
  public interface StepListener {
    void afterStep(int step, NDArray latent);
  }

  private final UNetModel unet;

  public GuidedSampling(UNetModel unet) {
    this.unet = unet;
  }

  /**
   * The final latent from {@code noise} (standard normal, [B, 4, h, w]; scaled here by the
   * scheduler's initial sigma) given text contexts {@code [uncond; cond]} [2B, T, D].
   */
  public NDArray run(
      Scheduler scheduler,
      NDArray contexts,
      NDArray noise,
      double cfgScale,
      UnaryOperator<NDArray> stepNoise,
      StepListener listenerOrNull) {
    NDManager manager = noise.getManager();
    long batch = noise.getShape().get(0);
    float[] timesteps = scheduler.timesteps();
    NDArray latent = noise.mul(scheduler.initNoiseSigma());
    for (int i = 0; i < timesteps.length; i++) {
      try (NDManager step = manager.newSubManager()) {
        NDArray x = latent;
        x.attach(step); // freed with the step, once the next latent exists
        NDArray input = scheduler.scaleModelInput(x, i);
        NDArray t = step.full(new Shape(2 * batch), timesteps[i]);
        NDArray eps = unet.forward(NDArrays.concat(new NDList(input, input)), t, contexts);
        NDList halves = eps.split(2);
        NDArray uncond = halves.get(0);
        NDArray guided = uncond.add(halves.get(1).sub(uncond).mul((float) cfgScale));
        latent = scheduler.step(guided, i, x, stepNoise);
        latent.attach(manager);
        if (listenerOrNull != null) {
          listenerOrNull.afterStep(i, latent);
        }
      }
    }
    return latent;
  }
}
