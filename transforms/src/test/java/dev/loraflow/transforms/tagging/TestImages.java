package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Sample;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Images and samples made in memory for the tagging tests. */
final class TestImages {

  private TestImages() {}

  static byte[] solidPng(Color color, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return encode(image, "png");
  }

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("No ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A decoded-looking sample of {@code bytes}, as DecodeImages would pass it on. */
  static Sample sample(String id, byte[] bytes) {
    return Sample.builder()
        .setId(id)
        .setSource("test")
        .setUri("mem:" + id)
        .setName(id)
        .setBytes(bytes)
        .setFormat(ImageFormat.PNG)
        .setWidth(1)
        .setHeight(1)
        .build();
  }

  /** A model input of one colour: {@code size x size} pixels of the bytes b, g, r. */
  static ByteImage bgrSquare(int size, int b, int g, int r) {
    byte[] samples = new byte[size * size * 3];
    for (int i = 0; i < samples.length; i += 3) {
      samples[i] = (byte) b;
      samples[i + 1] = (byte) g;
      samples[i + 2] = (byte) r;
    }
    return new ByteImage(size, size, samples);
  }
}
