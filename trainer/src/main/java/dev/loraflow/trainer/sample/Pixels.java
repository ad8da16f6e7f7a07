package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;

/** The VAE's output [1, 3, H, W] (about -1..1) as 8-bit RGB, rounded as ldm's scripts do. */
final class Pixels {

  private Pixels() {}

  static BufferedImage toImage(NDArray decoded) {
    int height = (int) decoded.getShape().get(2);
    int width = (int) decoded.getShape().get(3);
    float[] values = decoded.toFloatArray();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = width * height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int rgb =
            (toByte(values[i]) << 16)
                | (toByte(values[plane + i]) << 8)
                | toByte(values[2 * plane + i]);
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** {@code floor((clamp(v, -1, 1) + 1) / 2 * 255 + 0.5)} in double. */
  static int toByte(float value) {
    double clamped = Math.max(-1, Math.min(1, (double) value));
    return (int) Math.floor((clamped + 1) / 2 * 255 + 0.5);
  }
}
