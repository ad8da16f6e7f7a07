package dev.loraflow.transforms.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Flattens an image onto white as kohya's WD14 script does with Pillow ({@code Image.new("RGB",
 * size, white).paste(rgba, mask=alpha)}), into BGR: the one flatten of loraflow, used by {@link
 * ImageDecoder} for what it keeps and by {@link WhiteSquare} for what the tagger sees. BGR is the
 * order the tagger takes, and the one ImageIO decodes most images into: those are used as decoded,
 * with no copy.
 *
 * <p>Pillow blends with {@code (white * (255 - a) + c * a) / 255} rounded by its {@code DIV255}
 * trick; the same integer formula is used here. Grey images, and those of more than 8 bits a
 * sample, are read from the raster: Java's {@code getRGB} would treat grey values as linear light
 * and brighten them, and it rounds 16-bit samples through floats.
 */
final class WhiteBackground {

  private WhiteBackground() {}

  /** The first frame of {@code encoded} as BGR on white; IOException if it is no image. */
  static ByteImage decodeBgr(byte[] encoded) throws IOException {
    BufferedImage image =
        ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded)));
    if (image == null) {
      throw new IOException("Not a decodable image (" + encoded.length + " bytes)");
    }
    return flatten(image);
  }

  /** {@code image} as BGR on white; its own array where it is packed BGR already. */
  static ByteImage flatten(BufferedImage image) {
    if (isPackedBgr(image)) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      return new ByteImage(image.getWidth(), image.getHeight(), bgr);
    }
    if (isPlainGreyOrRgb(image)) {
      return fromComponents(image);
    }
    return fromArgb(image);
  }

  /** Pillow's {@code DIV255(white * (255 - alpha) + value * alpha)}. */
  static int blendOntoWhite(int value, int alpha) {
    int t = 255 * (255 - alpha) + value * alpha + 128;
    return ((t >> 8) + t) >> 8;
  }

  /** {@code sample} of {@code bits} bits scaled to 0..255, rounded half up. */
  static int toEightBits(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    long max = (1L << bits) - 1;
    return (int) ((sample * 510L + max) / (2 * max));
  }

  /** BGR bytes, row after row with nothing between: the raster's array is the image. */
  private static boolean isPackedBgr(BufferedImage image) {
    Raster raster = image.getRaster();
    return image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel layout
        && layout.getScanlineStride() == image.getWidth() * 3
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && raster.getDataBuffer().getNumBanks() == 1
        && raster.getDataBuffer().getOffset() == 0
        && raster.getDataBuffer().getSize() == image.getWidth() * image.getHeight() * 3;
  }

  /**
   * Grey or sRGB samples of 8 to 16 bits, optionally with straight alpha, one raster band each:
   * what PNG decodes into, where the raster holds the true values.
   */
  private static boolean isPlainGreyOrRgb(BufferedImage image) {
    ColorModel model = image.getColorModel();
    int type = model.getColorSpace().getType();
    boolean greyOrRgb =
        type == ColorSpace.TYPE_GRAY
            || (type == ColorSpace.TYPE_RGB && model.getColorSpace().isCS_sRGB());
    return greyOrRgb
        && model instanceof ComponentColorModel
        && !model.isAlphaPremultiplied()
        && model.getComponentSize(0) >= 8
        && model.getComponentSize(0) <= 16
        && (type == ColorSpace.TYPE_GRAY || model.getComponentSize(0) > 8)
        && image.getRaster().getNumBands() == model.getNumComponents();
  }

  private static ByteImage fromComponents(BufferedImage image) {
    Raster raster = image.getRaster();
    ColorModel model = image.getColorModel();
    int colours = model.getNumColorComponents();
    boolean alpha = model.hasAlpha();
    int bits = model.getComponentSize(0);
    int alphaBits = alpha ? model.getComponentSize(colours) : 8;
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] bgr = new byte[width * height * 3];
    int[][] bands = new int[colours][width];
    int[] alphas = new int[width];
    for (int y = 0; y < height; y++) {
      for (int band = 0; band < colours; band++) {
        raster.getSamples(0, y, width, 1, band, bands[band]);
      }
      if (alpha) {
        raster.getSamples(0, y, width, 1, colours, alphas);
      }
      for (int x = 0; x < width; x++) {
        int a = alpha ? toEightBits(alphas[x], alphaBits) : 255;
        int i = (y * width + x) * 3;
        for (int c = 0; c < 3; c++) {
          // Grey has one band for all three channels; RGB's bands are R, G, B, stored reversed.
          int value = toEightBits(bands[colours == 1 ? 0 : 2 - c][x], bits);
          bgr[i + c] = (byte) blendIfTransparent(value, a);
        }
      }
    }
    return new ByteImage(width, height, bgr);
  }

  private static ByteImage fromArgb(BufferedImage image) {
    boolean alpha = image.getColorModel().hasAlpha();
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] bgr = new byte[width * height * 3];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int argb = row[x];
        int a = alpha ? argb >>> 24 : 255;
        int i = (y * width + x) * 3;
        bgr[i] = (byte) blendIfTransparent(argb & 0xFF, a);
        bgr[i + 1] = (byte) blendIfTransparent((argb >> 8) & 0xFF, a);
        bgr[i + 2] = (byte) blendIfTransparent((argb >> 16) & 0xFF, a);
      }
    }
    return new ByteImage(width, height, bgr);
  }

  private static int blendIfTransparent(int value, int alpha) {
    return alpha == 255 ? value : blendOntoWhite(value, alpha);
  }
}
