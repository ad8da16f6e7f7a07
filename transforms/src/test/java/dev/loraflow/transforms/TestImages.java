package dev.loraflow.transforms;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real encoded images, good and bad, made in memory for tests. */
public final class TestImages {
  private TestImages() {}

  /**
   * A {@code width}×{@code height} image of one colour, encoded as {@code format} (png, jpeg, bmp).
   */
  public static byte[] solid(String format, int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return encode(image, format);
  }

  /** A PNG whose left half is fully transparent red and right half opaque blue. */
  public static byte[] halfTransparentPng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, x < width / 2 ? 0x00FF0000 : 0xFF0000FF);
      }
    }
    return encode(image, "png");
  }

  /** A JPEG cut off after {@code fraction} of its bytes, as an interrupted download leaves it. */
  public static byte[] truncatedJpeg(int width, int height, double fraction) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 7 + y * 13) * 0x010101 ^ (x * y));
      }
    }
    byte[] full = encode(image, "jpeg");
    return Arrays.copyOf(full, (int) (full.length * fraction));
  }

  /**
   * A valid PNG header (with correct CRC) declaring {@code width}×{@code height}, with tiny data.
   */
  public static byte[] pngHeaderDeclaring(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    writeChunk(out, "IHDR", ihdr.array());
    writeChunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    writeChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** A PNG whose pixel data is garbage after a valid header. */
  public static byte[] corruptPng() {
    byte[] good = solid("png", 64, 64, Color.GREEN);
    byte[] bad = good.clone();
    for (int i = 40; i < bad.length - 12; i++) {
      bad[i] = (byte) (i * 31);
    }
    return bad;
  }

  /** A test resource's bytes (e.g. {@code images/lossy-40x30.webp}). */
  public static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("No test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes bytes with ImageIO, for checking pixels. */
  public static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("No writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
