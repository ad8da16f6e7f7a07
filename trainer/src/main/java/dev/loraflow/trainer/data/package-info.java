/**
 * The trainer's dataset, read by kohya sd-scripts' rules: {@code {N}_{name}} repeat folders with
 * captions beside the images ({@link DatasetScanner}), aspect-ratio buckets ({@link Buckets}),
 * image preparation for the VAE ({@link ImagePreparer}), caption shuffling and dropout ({@link
 * CaptionProcessor}), the batches of each epoch ({@link EpochPlan}) and the latent cache ({@link
 * LatentCache}).
 */
package dev.loraflow.trainer.data;
