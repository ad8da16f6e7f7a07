package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Real-sized test images made at run time: 1 to 2 megapixels, mixed aspect ratios, drawn with
 * gradients, shapes and noise so they compress like illustrations. Three in four are JPEG, the rest
 * PNG: ImageIO (and TwelveMonkeys) can read WebP but not write it, so no WebP is generated.
 */
final class BenchmarkImages {

  private static final int[][] SIZES = {
    {1024, 1024}, {1200, 1600}, {1600, 1200}, {896, 1344}, {1414, 1414}, {1080, 1920}, {1280, 960}
  };

  private BenchmarkImages() {}

  static List<Sample> generate(int count) {
    Random random = new Random(7);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] size = SIZES[i % SIZES.length];
      String format = i % 4 == 3 ? "png" : "jpeg";
      byte[] bytes = TestImages.encode(draw(size[0], size[1], random), format);
      samples.add(
          TestImages.sample("img" + i, bytes).toBuilder()
              .setFormat(ImageFormat.fromFormatName(format))
              .setWidth(size[0])
              .setHeight(size[1])
              .build());
    }
    return samples;
  }

  private static BufferedImage draw(int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, colour(random), width, height, colour(random)));
    g.fillRect(0, 0, width, height);
    g.setStroke(new BasicStroke(6));
    for (int i = 0; i < 40; i++) {
      g.setColor(colour(random));
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      int w = 40 + random.nextInt(width / 3);
      int h = 40 + random.nextInt(height / 3);
      if (i % 2 == 0) {
        g.fillOval(x, y, w, h);
      } else {
        g.drawRect(x, y, w, h);
      }
    }
    g.dispose();
    for (int i = 0; i < width * height / 20; i++) {
      image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt(0xFFFFFF));
    }
    return image;
  }

  private static Color colour(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }
}
