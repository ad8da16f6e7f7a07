package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.ImageFormat;

/**
 * The result of decoding: what the image really is, and the bytes to keep (the original, or a PNG
 * re-encoding as 8-bit sRGB where kohya would read the original otherwise).
 */
record DecodedImage(ImageFormat format, int width, int height, byte[] bytes) {}
