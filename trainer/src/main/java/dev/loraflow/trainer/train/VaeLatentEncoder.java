package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.data.LatentEncoder;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;

/**
 * The latent cache's encoder: the VAE's posterior mean, scaled by 0.18215 (what the UNet takes).
 * kohya caches one sample of the posterior instead; the mean is its expectation and makes the cache
 * independent of a noise draw.
 */
final class VaeLatentEncoder implements LatentEncoder {

  private final AutoencoderKL vae;
  private final NDManager manager;

  VaeLatentEncoder(AutoencoderKL vae, NDManager manager) {
    this.vae = vae;
    this.manager = manager;
  }

  @Override
  public float[] encode(float[] chwImage, int height, int width) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = scope.create(chwImage, new Shape(1, 3, height, width));
      return vae.encodeLatents(image).toFloatArray();
    }
  }
}
