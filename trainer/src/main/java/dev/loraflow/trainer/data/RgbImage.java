package dev.loraflow.trainer.data;

/** Decoded pixels, packed {@code 0xRRGGBB} row by row. */
record RgbImage(int[] pixels, int width, int height) {}
