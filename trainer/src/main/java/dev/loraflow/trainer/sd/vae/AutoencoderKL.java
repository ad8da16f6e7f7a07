package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.VaeConfig;

/**
 * SD's KL autoencoder (keys under {@code first_stage_model.}): images to latents for training,
 * latents to images for previews. Latents handed to the UNet are scaled by 0.18215.
 */
public final class AutoencoderKL extends Module {

  public static final String CHECKPOINT_PREFIX = "first_stage_model.";

  private final VaeConfig config;
  private final VaeEncoder encoder;
  private final VaeDecoder decoder;
  private final Conv2d quantConv;
  private final Conv2d postQuantConv;

  /** The encoder's diagonal Gaussian over latents (unscaled), log-variance clamped to [-30, 20]. */
  public record Posterior(NDArray mean, NDArray logVariance) {

    /** mean + exp(logvar / 2) * noise, for a standard normal {@code noise} of the same shape. */
    public NDArray sample(NDArray noise) {
      return mean.add(logVariance.mul(0.5).exp().mul(noise));
    }
  }

  public AutoencoderKL(VaeConfig config) {
    this.config = config;
    encoder = child("encoder", new VaeEncoder(config));
    decoder = child("decoder", new VaeDecoder(config));
    quantConv =
        child("quant_conv", Conv2d.same(2L * config.zChannels(), 2L * config.embedDim(), 1));
    postQuantConv = child("post_quant_conv", Conv2d.same(config.embedDim(), config.zChannels(), 1));
  }

  public VaeConfig config() {
    return config;
  }

  /**
   * The posterior for images [B, 3, H, W] in [-1, 1]; both arrays belong to the image's manager.
   */
  public Posterior encode(NDArray image) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray moments =
          quantConv
              .forward(encoder.forward(image.toType(weightType(), false)))
              .toType(DataType.FLOAT32, false);
      NDList halves = moments.split(2, 1);
      NDArray mean = halves.get(0);
      NDArray logVariance = halves.get(1).clip(-30f, 20f);
      keep(mean, image);
      keep(logVariance, image);
      return new Posterior(mean, logVariance);
    }
  }

  /** Scaled latents of the posterior mean: the deterministic encoding used for latent caches. */
  public NDArray encodeLatents(NDArray image) {
    Posterior posterior = encode(image);
    NDArray latents = posterior.mean().mul(VaeConfig.SD15_SCALE_FACTOR);
    posterior.mean().close();
    posterior.logVariance().close();
    return latents;
  }

  /** Images [B, 3, 8h, 8w] (about [-1, 1]) from scaled latents [B, 4, h, w]. */
  public NDArray decode(NDArray latents) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray z = latents.div(VaeConfig.SD15_SCALE_FACTOR).toType(weightType(), false);
      NDArray image = decoder.forward(postQuantConv.forward(z)).toType(DataType.FLOAT32, false);
      keep(image, latents);
      return image;
    }
  }

  private static void keep(NDArray result, NDArray owner) {
    NDScope.unregister(result);
    result.attach(owner.getManager());
  }
}
