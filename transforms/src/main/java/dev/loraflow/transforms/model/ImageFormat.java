package dev.loraflow.transforms.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The image formats kohya trains on (its IMAGE_EXTENSIONS), recognised by extension and magic
 * bytes.
 */
public enum ImageFormat {
  PNG("png", "png"),
  JPEG("jpeg", "jpg"),
  WEBP("webp", "webp"),
  BMP("bmp", "bmp");

  private final String formatName;
  private final String extension;

  ImageFormat(String formatName, String extension) {
    this.formatName = formatName;
    this.extension = extension;
  }

  /** The name ImageIO and {@code Sample.format()} use. */
  public String formatName() {
    return formatName;
  }

  /** The extension written for this format, without the dot. */
  public String extension() {
    return extension;
  }

  /** The format a file name's extension claims, in any letter case; empty for other files. */
  public static Optional<ImageFormat> fromFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "png":
        return Optional.of(PNG);
      case "jpg":
      case "jpeg":
        return Optional.of(JPEG);
      case "webp":
        return Optional.of(WEBP);
      case "bmp":
        return Optional.of(BMP);
      default:
        return Optional.empty();
    }
  }

  /** The format of {@link #formatName()}, e.g. from a decoded sample. */
  public static ImageFormat fromFormatName(String name) {
    for (ImageFormat format : values()) {
      if (format.formatName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Not a supported image format: " + name);
  }

  /** The format the bytes really are, from their signature; empty if none of ours. */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(bytes, 0, 'B', 'M') && bytes.length >= 26) {
      return Optional.of(BMP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
