package dev.loraflow.transforms.layout;

import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Sample;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * File names for the dataset: readable (from the sample's name), safe on every file system (ASCII
 * letters, digits, {@code - _ .}, no leading dot, no path), and unique whatever the inputs were
 * called: a short hash of the sample id is appended, and names are lower-case so two inputs that
 * differ only in case cannot clash on Windows or macOS.
 */
final class SafeFileNames {
  private static final int MAX_BASE_LENGTH = 60;

  private SafeFileNames() {}

  /**
   * {@code "Reimu (Winter)!"} from {@code folder:a/Reimu (Winter)!.PNG} → {@code
   * reimu_winter_3fa1c02b9e.png}.
   */
  public static String imageFileName(Sample sample) {
    ImageFormat format =
        sample
            .format()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "SafeFileNames.imageFileName: "
                            + sample.id()
                            + " has no format yet; name samples after DecodeImages"));
    return baseName(sample) + "." + format.extension();
  }

  /** The caption's name: kohya pairs an image with the {@code .txt} of the same base name. */
  public static String captionFileName(Sample sample) {
    return baseName(sample) + ".txt";
  }

  private static String baseName(Sample sample) {
    String ascii =
        Normalizer.normalize(sample.name(), Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._-]+", "_")
            .replaceAll("^[._-]+|[._-]+$", "");
    if (ascii.length() > MAX_BASE_LENGTH) {
      ascii = ascii.substring(0, MAX_BASE_LENGTH);
    }
    String readable = ascii.isEmpty() ? "image" : ascii;
    return readable
        + "_"
        + Hashes.md5Hex(sample.id().getBytes(StandardCharsets.UTF_8)).substring(0, 10);
  }
}
