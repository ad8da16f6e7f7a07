package dev.loraflow.trainer.sd;

import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Python's {@code html.unescape}, which CLIP's text cleaning calls, rule for rule: HTML5's numeric
 * references (out-of-range and surrogate numbers become U+FFFD, {@code &#0;} too, 0x80-0x9F are
 * read as Windows-1252, the noncharacters and C0/C1 controls vanish), every HTML5 named reference
 * (jsoup keeps the table), the 106 legacy names also without {@code ;}, and the longest legacy
 * prefix of an unknown name ({@code &notit;} is {@code ¬it;}). Nothing a caption holds throws.
 */
final class HtmlUnescape {

  // CPython's _charref: a name is up to 32 characters that end no reference.
  private static final Pattern REFERENCE =
      Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
  private static final String REPLACEMENT = "\uFFFD";
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private HtmlUnescape() {}

  static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    return REFERENCE
        .matcher(text)
        .replaceAll(match -> Matcher.quoteReplacement(replace(match.group(1))));
  }

  private static String replace(String reference) {
    if (reference.charAt(0) == '#') {
      boolean hex = reference.charAt(1) == 'x' || reference.charAt(1) == 'X';
      String digits = reference.substring(hex ? 2 : 1).replace(";", "").replaceFirst("^0+", "");
      // Past 0x10FFFF whatever the digits: no parse can overflow.
      return digits.length() > (hex ? 6 : 7)
          ? REPLACEMENT
          : numeric(digits.isEmpty() ? 0 : Integer.parseInt(digits, hex ? 16 : 10));
    }
    boolean terminated = reference.endsWith(";");
    String name = terminated ? reference.substring(0, reference.length() - 1) : reference;
    if (terminated ? Entities.isNamedEntity(name) : Entities.isBaseNamedEntity(name)) {
      return Entities.getByName(name);
    }
    for (int length = reference.length() - 1; length > 1; length--) {
      String prefix = reference.substring(0, length);
      if (Entities.isBaseNamedEntity(prefix)) {
        return Entities.getByName(prefix) + reference.substring(length);
      }
    }
    return "&" + reference;
  }

  private static String numeric(int number) {
    if (number == 0) {
      return REPLACEMENT;
    }
    if (number == 0x0d) {
      return "\r";
    }
    if (number >= 0x80 && number <= 0x9f) {
      // Windows-1252, except the five bytes it leaves undefined, which stay as the C1 control.
      String decoded = new String(new byte[] {(byte) number}, WINDOWS_1252);
      return decoded.equals(REPLACEMENT) ? Character.toString(number) : decoded;
    }
    if ((number >= 0xd800 && number <= 0xdfff) || number > 0x10ffff) {
      return REPLACEMENT;
    }
    return vanishes(number) ? "" : Character.toString(number);
  }

  /** C0 controls but tab, newline, form feed and CR; DEL; the noncharacters: Python drops them. */
  private static boolean vanishes(int number) {
    return (number >= 0x01 && number <= 0x08)
        || number == 0x0b
        || (number >= 0x0e && number <= 0x1f)
        || number == 0x7f
        || (number >= 0xfdd0 && number <= 0xfdef)
        || (number & 0xfffe) == 0xfffe;
  }
}
