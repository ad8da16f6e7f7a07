package dev.loraflow.trainer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/** Writes small images and captions for the dataset tests. */
final class TestImages {

  private TestImages() {}

  /** An opaque image of one colour, in the format ImageIO names ("png", "jpg", "bmp"). */
  static Path solid(Path file, int width, int height, int rgb, String format) {
    return write(file, width, height, BufferedImage.TYPE_INT_RGB, (x, y) -> rgb, format);
  }

  /** A PNG whose pixels are {@code argb.applyAsInt(x, y)}, with alpha when {@code type} has it. */
  static Path write(
      Path file, int width, int height, int type, IntBinaryOperator argb, String format) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, argb.applyAsInt(x, y));
      }
    }
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path caption(Path image, String text) throws IOException {
    String name = image.getFileName().toString();
    Path file = image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
