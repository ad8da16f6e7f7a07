package dev.loraflow.transforms.image;

import java.util.Locale;

/**
 * Tells the decoders' notes on colour management from signs of damage. TwelveMonkeys' JPEG reader
 * warns whenever it converts CMYK or YCCK without an embedded ICC profile, or ignores one it cannot
 * use; the pixels are still whole (Pillow converts such files without a profile too), so such a
 * note must not reject the image the way a truncation warning does.
 */
final class ColourNotes {

  private ColourNotes() {}

  /** Whether {@code warning} is about the colour profile rather than the image data. */
  static boolean isColourNote(String warning) {
    String text = warning.toLowerCase(Locale.ROOT);
    return text.contains("icc") || text.contains("color profile");
  }
}
