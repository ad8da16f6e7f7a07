package dev.loraflow.transforms;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Pictures drawn from a seed (a gradient background and a dozen shapes, lines and blobs, as a
 * flat-coloured drawing has), and the things re-uploads do to a picture: resize, JPEG
 * recompression, a crop, a colour adjustment.
 */
public final class Drawings {
  private Drawings() {}

  /** A picture of {@code width} × {@code height}, the same for the same seed. */
  public static BufferedImage drawing(long seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(
            0, 0, colour(random), width * random.nextFloat(), height, colour(random)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(colour(random));
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      int w = width / 8 + random.nextInt(width / 3);
      int h = height / 8 + random.nextInt(height / 3);
      switch (random.nextInt(3)) {
        case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
        case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
        default -> {
          g.setStroke(new BasicStroke(2 + random.nextInt(Math.max(1, width / 40))));
          g.drawLine(x, y, random.nextInt(width), random.nextInt(height));
        }
      }
    }
    g.dispose();
    return image;
  }

  /** {@code image} scaled to {@code width} × {@code height}, smoothly. */
  public static BufferedImage resized(BufferedImage image, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  /** {@code image} without {@code left}, {@code top}, {@code right}, {@code bottom} fractions. */
  public static BufferedImage cropped(
      BufferedImage image, double left, double top, double right, double bottom) {
    int x = (int) Math.round(left * image.getWidth());
    int y = (int) Math.round(top * image.getHeight());
    int w = image.getWidth() - x - (int) Math.round(right * image.getWidth());
    int h = image.getHeight() - y - (int) Math.round(bottom * image.getHeight());
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image.getSubimage(x, y, w, h), 0, 0, null);
    g.dispose();
    return out;
  }

  /** {@code image} with its hues turned by {@code hue} (0 to 1) and its brightness scaled. */
  public static BufferedImage recoloured(BufferedImage image, float hue, float brightness) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    float[] hsb = new float[3];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        Color.RGBtoHSB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, hsb);
        out.setRGB(x, y, Color.HSBtoRGB(hsb[0] + hue, hsb[1], Math.min(1f, hsb[2] * brightness)));
      }
    }
    return out;
  }

  /** {@code image} in shades of grey, as line art or a monochrome scan is. */
  public static BufferedImage grey(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** {@code image} as a JPEG of {@code quality} (0 to 1). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** {@code image} as a PNG. */
  public static byte[] png(BufferedImage image) {
    return TestImages.encode(image, "png");
  }

  private static Color colour(Random random) {
    return Color.getHSBColor(
        random.nextFloat(), 0.3f + 0.7f * random.nextFloat(), 0.3f + 0.7f * random.nextFloat());
  }
}
