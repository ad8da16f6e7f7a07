package dev.loraflow.transforms.tagging;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;

/**
 * Which tags the WD14 scores turn into and in which order: kohya's {@code --general_threshold},
 * {@code --character_threshold}, {@code --character_tags_first}, {@code --always_first_tags},
 * {@code --undesired_tags} and {@code --remove_underscore}.
 */
@AutoValue
abstract class CaptionRules implements Serializable {

  /** A general tag is kept when its probability is at least this. */
  abstract float generalThreshold();

  /** A character tag is kept when its probability is at least this. */
  abstract float characterThreshold();

  abstract boolean characterTagsFirst();

  /** Moved to the front when present; the last one listed ends up first, as in kohya. */
  abstract List<String> alwaysFirstTags();

  /** Never written; compared with the tag as written (after underscore removal). */
  abstract List<String> undesiredTags();

  /** {@code long_hair} becomes {@code long hair}; tags of 3 characters or less ({@code ^_^}) stay. */
  abstract boolean removeUnderscore();

  abstract Builder toBuilder();

  /** kohya's and imgutils' defaults: 0.35 and 0.85, model order, underscores kept. */
  static CaptionRules defaults() {
    return new AutoValue_CaptionRules.Builder()
        .setGeneralThreshold(0.35f)
        .setCharacterThreshold(0.85f)
        .setCharacterTagsFirst(false)
        .setAlwaysFirstTags(List.of())
        .setUndesiredTags(List.of())
        .setRemoveUnderscore(false)
        .build();
  }

  /** The label as it is written in captions. */
  String spell(String label) {
    return removeUnderscore() && label.length() > 3 ? label.replace('_', ' ') : label;
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setGeneralThreshold(float value);

    abstract Builder setCharacterThreshold(float value);

    abstract Builder setCharacterTagsFirst(boolean value);

    abstract Builder setAlwaysFirstTags(List<String> value);

    abstract Builder setUndesiredTags(List<String> value);

    abstract Builder setRemoveUnderscore(boolean value);

    abstract CaptionRules build();
  }
}
