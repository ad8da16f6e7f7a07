package dev.loraflow.transforms.model;

import java.util.Locale;

/**
 * The normalized spelling of a tag, in which rules match and captions are written: trimmed,
 * lower-case, single spaces, underscores as spaces. Tags of three characters or fewer keep their
 * underscores, because there they are part of the emoticon ({@code ^_^}, {@code >_<}), as kohya's
 * WD14 script does.
 */
public final class TagNames {
  private TagNames() {}

  /** {@code "Red_Hair "} → {@code "red hair"}; A1111 escapes {@code \(} are undone first. */
  public static String normalize(String tag) {
    String t = tag.replace("\\(", "(").replace("\\)", ")").trim().toLowerCase(Locale.ROOT);
    return underscoresToSpaces(t).replaceAll("\\s+", " ").trim();
  }

  /**
   * {@code long_hair} → {@code long hair}; tags of 3 characters or fewer ({@code ^_^}) unchanged.
   */
  public static String underscoresToSpaces(String tag) {
    return tag.length() > 3 ? tag.replace('_', ' ') : tag;
  }

  /**
   * A1111 reads {@code (x)} as emphasis, so literal parentheses in tags are written {@code \(x\)}.
   */
  public static String escapeParentheses(String tag) {
    return tag.replace("(", "\\(").replace(")", "\\)");
  }
}
