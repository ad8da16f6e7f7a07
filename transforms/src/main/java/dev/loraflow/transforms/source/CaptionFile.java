package dev.loraflow.transforms.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses a kohya/Grabber caption file: comma-separated tags in UTF-8, on one or more lines. */
final class CaptionFile {
  private CaptionFile() {}

  /**
   * The tags of {@code bytes}, trimmed, empty ones dropped, in file order.
   *
   * @throws CharacterCodingException if the bytes are not valid UTF-8 (a caption saved in a legacy
   *     code page would otherwise turn into tags full of replacement characters)
   */
  public static List<String> parse(byte[] bytes) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
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
