package dev.loraflow.trainer.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
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
    int[] argb =
        isGrey(image) ? greyArgb(image) : image.getRGB(0, 0, width, height, null, 0, width);
    boolean alpha = image.getColorModel().hasAlpha();
    for (int i = 0; i < argb.length; i++) {
      argb[i] = alpha ? onWhite(argb[i]) : argb[i] & 0xffffff;
    }
    return new RgbImage(argb, width, height);
  }

  /** Grey samples of 8 to 16 bits, optionally with alpha, one raster band each (PNG, JPEG). */
  private static boolean isGrey(BufferedImage image) {
    ColorModel model = image.getColorModel();
    return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && model instanceof ComponentColorModel
        && !model.isAlphaPremultiplied()
        && model.getComponentSize(0) >= 8
        && model.getComponentSize(0) <= 16
        && image.getRaster().getNumBands() == model.getNumComponents();
  }

  /**
   * A grey image's samples as Pillow's {@code convert("RGB")} gives them: the value in all three
   * channels. Java's {@code getRGB} takes grey as linear light and brightens it (a mid grey 184
   * becomes 221); 16-bit samples are scaled to 8 bits, rounded, as loraflow's dataset writer does.
   */
  private static int[] greyArgb(BufferedImage image) {
    Raster raster = image.getRaster();
    ColorModel model = image.getColorModel();
    int width = image.getWidth();
    int height = image.getHeight();
    int[] grey = raster.getSamples(0, 0, width, height, 0, (int[]) null);
    int[] alpha = model.hasAlpha() ? raster.getSamples(0, 0, width, height, 1, (int[]) null) : null;
    int[] argb = new int[width * height];
    for (int i = 0; i < argb.length; i++) {
      int v = toEightBits(grey[i], model.getComponentSize(0));
      int a = alpha == null ? 255 : toEightBits(alpha[i], model.getComponentSize(1));
      argb[i] = (a << 24) | (v << 16) | (v << 8) | v;
    }
    return argb;
  }

  private static int toEightBits(int sample, int bits) {
    long max = (1L << bits) - 1;
    return (int) ((sample * 510L + max) / (2 * max));
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
