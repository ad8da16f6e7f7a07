package dev.loraflow.trainer.data;

import dev.loraflow.kohya.CaptionText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds and reads an image's caption file as kohya's {@code read_caption} does. */
final class CaptionFiles {

  private CaptionFiles() {}

  /**
   * The first line of the image's caption, stripped; empty when there is no caption file or it has
   * no text on its first line. Candidates, in order: {@code <stem><extension>}, then, for a stem of
   * five or more {@code _}-separated parts (kohya's face-crop names), the stem without its last
   * four parts.
   */
  static Optional<String> read(Path image, String extension) throws IOException {
    String stem = stem(image.getFileName().toString());
    for (String candidate : candidates(stem)) {
      Path file = image.resolveSibling(candidate + extension);
      if (Files.isRegularFile(file)) {
        String line = firstLine(file).strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
      }
    }
    return Optional.empty();
  }

  private static String[] candidates(String stem) {
    String[] parts = stem.split("_", -1);
    if (parts.length < 5) {
      return new String[] {stem};
    }
    return new String[] {stem, String.join("_", Arrays.copyOf(parts, parts.length - 4))};
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? fileName : fileName.substring(0, dot);
  }

  private static String firstLine(Path file) throws IOException {
    String text;
    try {
      text = CaptionText.decode(Files.readAllBytes(file));
    } catch (CaptionText.CaptionEncodingException e) {
      throw new IOException("caption file " + file + " " + e.getMessage(), e);
    }
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    return text.substring(0, end);
  }
}
