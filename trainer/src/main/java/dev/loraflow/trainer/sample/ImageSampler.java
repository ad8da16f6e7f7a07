package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import dev.loraflow.trainer.schedule.Scheduler;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Draws images with an SD 1.x model (and whatever LoRAs sit on it): the prompt pair encoded once,
 * seeded noise, the request's sampler with guidance, the latent decoded by the VAE. It knows
 * nothing of training; every array it makes is freed before it returns.
 */
public final class ImageSampler {

  /** A drawn image and the request that made it, its seed filled in. */
  public record Sample(SampleRequest request, BufferedImage image) {}

  private final UNetModel unet;
  private final AutoencoderKL vae;
  private final PromptEncoder prompts;
  private final DdpmSchedule schedule = DdpmSchedule.sd15();
  private final int latentFactor;

  public ImageSampler(UNetModel unet, AutoencoderKL vae, PromptEncoder prompts) {
    this.unet = unet;
    this.vae = vae;
    this.prompts = prompts;
    this.latentFactor = 1 << (vae.config().channelMult().size() - 1);
  }

  public PromptEncoder prompts() {
    return prompts;
  }

  /** Refuses, naming the problem, what would fail later: size, steps, scale, prompt length. */
  public void check(SampleRequest request) {
    int multiple = Math.max(8, latentFactor);
    if (request.width() < multiple
        || request.height() < multiple
        || request.width() % multiple != 0
        || request.height() % multiple != 0) {
      throw new IllegalArgumentException(
          "the image size must be a multiple of "
              + multiple
              + " pixels, got "
              + request.width()
              + "x"
              + request.height());
    }
    if (!Double.isFinite(request.cfgScale())) {
      throw new IllegalArgumentException("the CFG scale must be finite, got " + request.cfgScale());
    }
    request.sampler().scheduler(schedule, request.steps()); // refuses an impossible step count
    prompts.check("the prompt", request.prompt());
    prompts.check("the negative prompt", request.negativePrompt());
  }

  /** Draws {@code request} (a null seed is drawn at random) on {@code manager}'s device. */
  public Sample draw(SampleRequest request, NDManager manager) {
    check(request);
    SampleRequest seeded =
        request.seed() != null
            ? request
            : request.withSeed(new SplittableRandom().nextLong() & 0xFFFFFFFFL);
    try (NDManager scope = manager.newSubManager()) {
      NDArray latent = latents(seeded, scope, null);
      return new Sample(seeded, Pixels.toImage(vae.decode(latent)));
    }
  }

  /** The final latent of {@code request} (its seed set), on {@code manager}. */
  NDArray latents(
      SampleRequest request, NDManager manager, GuidedSampling.StepListener listenerOrNull) {
    Scheduler scheduler = request.sampler().scheduler(schedule, request.steps());
    NDArray contexts = prompts.encodePair(request.negativePrompt(), request.prompt(), manager);
    SeededNoise noise = new SeededNoise(request.seed());
    Shape shape = new Shape(1, 4, request.height() / latentFactor, request.width() / latentFactor);
    NDArray start = noise.gaussian(manager, shape);
    return new GuidedSampling(unet)
        .run(
            scheduler,
            contexts,
            start,
            request.cfgScale(),
            like -> noise.gaussian(like.getManager(), like.getShape()),
            listenerOrNull);
  }
}
