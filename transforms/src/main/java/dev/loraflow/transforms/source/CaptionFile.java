package dev.loraflow.transforms.source;

import dev.loraflow.kohya.CaptionText;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a kohya/Grabber caption file: comma-separated tags on one or more lines, in UTF-8 or
 * UTF-16 ({@link CaptionText}).
 */
final class CaptionFile {
  private CaptionFile() {}

  /**
   * The tags of {@code bytes}, trimmed, empty ones dropped, in file order.
   *
   * @throws CharacterCodingException if the bytes are no UTF-8 or UTF-16 text (a caption saved in a
   *     legacy code page would otherwise turn into tags full of replacement characters); its
   *     message says why
   */
  public static List<String> parse(byte[] bytes) throws CharacterCodingException {
    String text = CaptionText.decode(bytes);
    List<String> tags = new ArrayList<>();
    for (String piece : text.split("[,\\r\\n]")) {
      String tag = piece.trim();
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return tags;
  }
}
