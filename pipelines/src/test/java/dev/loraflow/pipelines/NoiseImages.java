package dev.loraflow.pipelines;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small distinct images with captions, many of which stay quick to write and to process. */
final class NoiseImages {
  private NoiseImages() {}

  /**
   * {@code noise_<i>.png} (64x64 random pixels, seeded by i) and its caption, for i in [from, to).
   */
  static void write(Path folder, int from, int to) throws IOException {
    Files.createDirectories(folder);
    for (int i = from; i < to; i++) {
      Random random = new Random(i);
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
      ImageIO.write(image, "png", folder.resolve(String.format("noise_%03d.png", i)).toFile());
      Files.writeString(folder.resolve(String.format("noise_%03d.txt", i)), "noise, tag " + i % 7);
    }
  }
}
