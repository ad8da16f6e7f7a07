package dev.loraflow.kohya;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a caption file's bytes to text. kohya reads captions as UTF-8 only, but Windows editors
 * save "Unicode" as UTF-16, often without a byte-order mark; read as UTF-8 such a file gives tags
 * full of NUL characters. So a byte-order mark (UTF-8, UTF-16 LE or BE) decides the encoding, and
 * without one the pattern of NUL bytes tells UTF-16 from UTF-8: text in UTF-16 has a NUL in the
 * high byte of every ASCII character, UTF-8 text has none.
 */
public final class CaptionText {

  private CaptionText() {}

  /**
   * The text of {@code bytes}, without its byte-order mark.
   *
   * @throws CaptionEncodingException saying why the bytes are no text in UTF-8 or UTF-16
   */
  public static String decode(byte[] bytes) throws CaptionEncodingException {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return decode(bytes, 3, StandardCharsets.UTF_8, "UTF-8 (with a byte-order mark)");
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return decode(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16LE (with a byte-order mark)");
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return decode(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16BE (with a byte-order mark)");
    }
    int nulsAtEven = 0;
    int nulsAtOdd = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        if (i % 2 == 0) {
          nulsAtEven++;
        } else {
          nulsAtOdd++;
        }
      }
    }
    if (nulsAtEven + nulsAtOdd == 0) {
      return decode(bytes, 0, StandardCharsets.UTF_8, "UTF-8");
    }
    if (bytes.length % 2 == 0 && nulsAtEven == 0) {
      return decode(bytes, 0, StandardCharsets.UTF_16LE, "UTF-16LE (no byte-order mark)");
    }
    if (bytes.length % 2 == 0 && nulsAtOdd == 0) {
      return decode(bytes, 0, StandardCharsets.UTF_16BE, "UTF-16BE (no byte-order mark)");
    }
    throw new CaptionEncodingException(
        "holds NUL bytes but is neither UTF-8 nor UTF-16 text (a binary file?)");
  }

  private static String decode(byte[] bytes, int skip, Charset charset, String claimed)
      throws CaptionEncodingException {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CaptionEncodingException(
          "is not valid "
              + claimed
              + (skip == 0 && charset == StandardCharsets.UTF_8
                  ? " (a legacy code page?); re-save it as UTF-8"
                  : "; re-save it as UTF-8"));
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Bytes that are no caption text, with the reason; a CharacterCodingException as before. */
  public static final class CaptionEncodingException extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    CaptionEncodingException(String reason) {
      this.reason = reason;
    }

    @Override
    public String getMessage() {
      return reason;
    }
  }
}
