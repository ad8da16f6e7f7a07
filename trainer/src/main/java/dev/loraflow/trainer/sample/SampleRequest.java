package dev.loraflow.trainer.sample;

/**
 * One image to draw, as a kohya prompt line describes it ({@code --n --w --h --d --l --s --ss}),
 * with kohya's defaults: 512 x 512, 30 steps, CFG scale 7.5. A null seed draws a random one.
 */
public record SampleRequest(
    String prompt,
    String negativePrompt,
    int width,
    int height,
    Long seed,
    int steps,
    double cfgScale,
    SamplerKind sampler) {

  public static final int DEFAULT_SIZE = 512;
  public static final int DEFAULT_STEPS = 30;
  public static final double DEFAULT_CFG_SCALE = 7.5;

  public SampleRequest {
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
  }

  /** {@code prompt} with every other setting at its default and {@code sampler}. */
  public static SampleRequest of(String prompt, SamplerKind sampler) {
    return new SampleRequest(
        prompt, "", DEFAULT_SIZE, DEFAULT_SIZE, null, DEFAULT_STEPS, DEFAULT_CFG_SCALE, sampler);
  }

  public SampleRequest withPrompt(String text) {
    return new SampleRequest(text, negativePrompt, width, height, seed, steps, cfgScale, sampler);
  }

  public SampleRequest withSize(int newWidth, int newHeight) {
    return new SampleRequest(
        prompt, negativePrompt, newWidth, newHeight, seed, steps, cfgScale, sampler);
  }

  public SampleRequest withSeed(Long newSeed) {
    return new SampleRequest(
        prompt, negativePrompt, width, height, newSeed, steps, cfgScale, sampler);
  }

  public SampleRequest withSteps(int newSteps) {
    return new SampleRequest(
        prompt, negativePrompt, width, height, seed, newSteps, cfgScale, sampler);
  }

  public SampleRequest withNegativePrompt(String negative) {
    return new SampleRequest(prompt, negative, width, height, seed, steps, cfgScale, sampler);
  }

  public SampleRequest withCfgScale(double scale) {
    return new SampleRequest(prompt, negativePrompt, width, height, seed, steps, scale, sampler);
  }

  public SampleRequest withSampler(SamplerKind kind) {
    return new SampleRequest(prompt, negativePrompt, width, height, seed, steps, cfgScale, kind);
  }
}
