package dev.loraflow.transforms.model;

import java.util.Locale;

/** Content rating, in Danbooru's four levels; {@link #UNKNOWN} where no source gave one. */
public enum Rating {
  GENERAL("g"),
  SENSITIVE("s"),
  QUESTIONABLE("q"),
  EXPLICIT("e"),
  UNKNOWN("");

  private final String code;

  Rating(String code) {
    this.code = code;
  }

  /** Danbooru's one-letter code ({@code g s q e}); empty for {@link #UNKNOWN}. */
  public String code() {
    return code;
  }

  /**
   * Parses Danbooru's letters ({@code s} is sensitive there), the word {@code safe} and WD14's
   * label names ({@code general, sensitive, questionable, explicit}). Sites where {@code s} means
   * safe (Moebooru, e621) map their letters before calling this.
   */
  public static Rating parse(String value) {
    if (value == null || value.isBlank()) {
      return UNKNOWN;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "g":
      case "general":
      case "safe":
        return GENERAL;
      case "s":
      case "sensitive":
        return SENSITIVE;
      case "q":
      case "questionable":
        return QUESTIONABLE;
      case "e":
      case "explicit":
        return EXPLICIT;
      default:
        return UNKNOWN;
    }
  }
}
