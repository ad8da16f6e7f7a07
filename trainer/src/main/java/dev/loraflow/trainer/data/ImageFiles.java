package dev.loraflow.trainer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Which files are images, their sizes, and their decoded pixels. */
final class ImageFiles {

  /** kohya's {@code IMAGE_EXTENSIONS} (without the optional .avif), compared in lower case. */
  private static final Set<String> EXTENSIONS = Set.of(".png", ".jpg", ".jpeg", ".webp", ".bmp");

  private ImageFiles() {}

  /** The image files directly in {@code dir}, sorted by path as kohya's {@code glob_images}. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
    }
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot).toLowerCase(Locale.ROOT));
  }

  /** The size from the image header, without decoding the pixels. */
  static Size size(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw notAnImage(file);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new Size(reader.getWidth(0), reader.getHeight(0));
      } catch (IOException | RuntimeException e) {
        throw undecodable(file, e);
      } finally {
        reader.dispose();
      }
    }
  }

  /** The decoded image with any transparency composited onto white. */
  static RgbImage rgbOnWhite(Path file) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw undecodable(file, e);
    }
    if (image == null) {
      throw notAnImage(file);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    boolean alpha = image.getColorModel().hasAlpha();
    for (int i = 0; i < argb.length; i++) {
      argb[i] = alpha ? onWhite(argb[i]) : argb[i] & 0xffffff;
    }
    return new RgbImage(argb, width, height);
  }

  private static int onWhite(int argb) {
    int alpha = argb >>> 24;
    int r = blend((argb >> 16) & 0xff, alpha);
    int g = blend((argb >> 8) & 0xff, alpha);
    int b = blend(argb & 0xff, alpha);
    return (r << 16) | (g << 8) | b;
  }

  private static int blend(int channel, int alpha) {
    return (channel * alpha + 255 * (255 - alpha) + 127) / 255;
  }

  private static IOException notAnImage(Path file) {
    return new IOException("image " + file + " is in no format ImageIO can decode");
  }

  private static IOException undecodable(Path file, Exception cause) {
    return new IOException("image " + file + " cannot be decoded: " + cause.getMessage(), cause);
  }
}
