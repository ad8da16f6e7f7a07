package dev.loraflow.trainer.data;

/**
 * An image ready for the VAE encoder: {@code [3, height, width]} RGB planes, row-major, in {@code
 * [-1, 1]}.
 */
public record PreparedImage(float[] chw, int width, int height) {}
