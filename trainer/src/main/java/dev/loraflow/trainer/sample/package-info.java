/**
 * Images from a model and its LoRAs: {@link dev.loraflow.trainer.sample.ImageSampler} (prompts
 * encoded once, seeded noise, a scheduler of {@code schedule} with classifier-free guidance, the
 * VAE's decoding), kohya's prompt files ({@link dev.loraflow.trainer.sample.PromptFile}) and PNGs
 * with A1111's {@code parameters} ({@link dev.loraflow.trainer.sample.SampleWriter}). It knows
 * nothing of training.
 */
package dev.loraflow.trainer.sample;
