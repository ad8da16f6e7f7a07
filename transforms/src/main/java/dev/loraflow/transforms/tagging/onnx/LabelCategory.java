package dev.loraflow.transforms.tagging.onnx;

import java.util.Locale;

/**
 * What a tagger output means: the categories of WD14's {@code selected_tags.csv} (rating, general,
 * character) and of kohya's {@code tag_mapping.json} models, which add copyright, meta, model,
 * quality and artist.
 */
public enum LabelCategory {
  RATING,
  GENERAL,
  CHARACTER,
  COPYRIGHT,
  META,
  MODEL,
  QUALITY,
  ARTIST,
  /** An output the label file does not describe, or a CSV category kohya does not read. */
  IGNORED;

  /** The CSV's numbers: 9 rating, 0 general, 4 character; kohya reads no others. */
  static LabelCategory fromCsvCode(int code) {
    return switch (code) {
      case 9 -> RATING;
      case 0 -> GENERAL;
      case 4 -> CHARACTER;
      default -> IGNORED;
    };
  }

  /** The names {@code tag_mapping.json} uses ({@code "General"}, ...), or null if unknown. */
  static LabelCategory fromMappingName(String name) {
    for (LabelCategory category : values()) {
      if (category != IGNORED && category.mappingName().equals(name)) {
        return category;
      }
    }
    return null;
  }

  /** {@code Rating}, {@code General}, ... as in {@code tag_mapping.json}. */
  String mappingName() {
    String lower = name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
