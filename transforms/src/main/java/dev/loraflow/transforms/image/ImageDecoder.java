package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.ImageFormat;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes and validates one encoded image: the checks kohya would otherwise fail on mid-training.
 *
 * <p>Order matters: the size limits are checked from the header before any pixel is decoded, so a
 * decompression bomb costs a few bytes of parsing, not gigabytes of memory.
 */
final class ImageDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int minSize;
  private final long maxPixels;

  /**
   * @param minSize the smallest width and height accepted, in pixels
   * @param maxPixels the most pixels (width × height) a header may declare
   */
  public ImageDecoder(int minSize, long maxPixels) {
    this.minSize = minSize;
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes {@code bytes}, whose file name claims {@code claimed} (empty when the name says
   * nothing, as for URLs without an extension).
   *
   * @throws InvalidImageException naming what is wrong with the file
   */
  public DecodedImage decode(byte[] bytes, Optional<ImageFormat> claimed)
      throws InvalidImageException {
    return decode(bytes, claimed, PixelBudget.SHARED);
  }

  /** As {@link #decode(byte[], Optional)}, holding the image's pixels of {@code budget}. */
  DecodedImage decode(byte[] bytes, Optional<ImageFormat> claimed, PixelBudget budget)
      throws InvalidImageException {
    if (bytes.length == 0) {
      throw new InvalidImageException("empty file (0 bytes)");
    }
    ImageFormat format =
        ImageFormat.sniff(bytes)
            .orElseThrow(
                () ->
                    new InvalidImageException(
                        claimed
                            .map(
                                c ->
                                    "content is not "
                                        + c.formatName()
                                        + " as its name claims, nor png, jpeg, webp or bmp")
                            .orElse("content is not a png, jpeg, webp or bmp image")));
    // The pixels are taken from the budget once the header is checked, until they are dropped.
    try (PixelBudget.Lease lease = budget.lease()) {
      Pixels pixels = readPixels(bytes, format, lease);
      BufferedImage image = pixels.image();
      if (!needsConversion(pixels, format, bytes)) {
        return new DecodedImage(format, image.getWidth(), image.getHeight(), bytes);
      }
      // What kohya's Pillow would make of the original differs from these pixels, so keep them
      // instead, losslessly, as 8-bit sRGB (the tagger flattens onto white the same way).
      BufferedImage flat = WhiteBackground.flatten(image).toBgrImage();
      return new DecodedImage(
          ImageFormat.PNG, image.getWidth(), image.getHeight(), encodePng(flat));
    }
  }

  /**
   * Whether the file must be rewritten for kohya to train on what was decoded. Pillow converts to
   * RGB by dropping alpha, which turns transparent areas into whatever colour they hold (often
   * black); it clips 16-bit grey to white and truncates 16-bit colour; and it converts CMYK or YCCK
   * ink without the file's ICC profile, where the decoder applied it. A lossy or animated WebP is
   * kept as decoded too, so kohya and loraflow's trainer read the same pixels ({@link LossyWebp}).
   */
  private static boolean needsConversion(Pixels pixels, ImageFormat format, byte[] bytes) {
    ColorModel model = pixels.image().getColorModel();
    return model.hasAlpha()
        || Arrays.stream(model.getComponentSize()).anyMatch(bits -> bits > 8)
        || pixels.sourceColourSpace() == ColorSpace.TYPE_CMYK
        || (format == ImageFormat.WEBP && LossyWebp.isLossyOrAnimated(bytes));
  }

  /** Decoded pixels, and the colour space their file stores them in (a ColorSpace type). */
  private record Pixels(BufferedImage image, int sourceColourSpace) {}

  private Pixels readPixels(byte[] bytes, ImageFormat format, PixelBudget.Lease lease)
      throws InvalidImageException {
    try (ImageInputStream stream =
        ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.formatName());
      if (!readers.hasNext()) {
        throw new IllegalStateException(
            "No ImageIO reader for " + format.formatName() + " on the classpath");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        checkDimensions(reader.getWidth(0), reader.getHeight(0));
        lease.take((long) reader.getWidth(0) * reader.getHeight(0));
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        // ImageIO fills a truncated JPEG with grey and only warns; that is not a usable image.
        // Notes on colour management (no ICC profile, a profile ignored) are not corruption.
        List<String> corruption =
            warnings.stream().filter(w -> !ColourNotes.isColourNote(w)).toList();
        if (!corruption.isEmpty()) {
          throw new InvalidImageException(
              "corrupt or truncated " + format.formatName() + ": " + String.join("; ", corruption));
        }
        return new Pixels(image, sourceColourSpace(reader, image));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new InvalidImageException(
          "corrupt or truncated " + format.formatName() + ": " + describe(e));
    } catch (RuntimeException e) {
      // Decoders signal some malformed streams with runtime exceptions (index out of bounds,
      // negative sizes). For a data file that is still "corrupt", not a bug of ours.
      throw new InvalidImageException("corrupt " + format.formatName() + ": " + describe(e));
    }
  }

  private static int sourceColourSpace(ImageReader reader, BufferedImage image) throws IOException {
    ImageTypeSpecifier raw = reader.getRawImageType(0);
    return (raw == null ? image.getColorModel() : raw.getColorModel()).getColorSpace().getType();
  }

  private void checkDimensions(int width, int height) throws InvalidImageException {
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new InvalidImageException(
          String.format(
              "header declares %dx%d = %d pixels, over the DecodeImages.withMaxPixels limit of %d"
                  + " (decompression bomb?)",
              width, height, pixels, maxPixels));
    }
    if (width < minSize || height < minSize) {
      throw new InvalidImageException(
          String.format(
              "%dx%d is smaller than DecodeImages.withMinSize %d", width, height, minSize));
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static byte[] encodePng(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    }
    return out.toByteArray();
  }
}
