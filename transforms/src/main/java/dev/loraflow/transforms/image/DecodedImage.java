package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.ImageFormat;

/**
 * The result of decoding: what the image really is, and the bytes to keep (the original, or a PNG
 * re-encoding where transparency had to be flattened).
 */
record DecodedImage(ImageFormat format, int width, int height, byte[] bytes) {}
