package dev.loraflow.trainer.data;

/**
 * Where an image goes: it is resized to {@code resized} (aspect ratio kept) and center-cropped to
 * {@code bucket}.
 */
public record BucketFit(Size bucket, Size resized) {}
