package dev.loraflow.transforms.tagging.onnx;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.TagNames;
import java.io.Serializable;
import java.util.List;

/**
 * Which tags the WD14 scores turn into and in which order: kohya's {@code --general_threshold},
 * {@code --character_threshold}, {@code --character_tags_first}, {@code --undesired_tags}, {@code
 * --remove_underscore}, {@code --use_rating_tags[_as_last_tag]} and {@code --character_tag_expand};
 * for {@code tag_mapping.json} models also {@code --copyright/artist/meta/model_threshold} and
 * {@code --use_quality_tags[_as_last_tag]}.
 */
@AutoValue
public abstract class CaptionRules implements Serializable {

  /** kohya's and imgutils' lowest score for a general tag, also used for the other categories. */
  public static final float DEFAULT_GENERAL_THRESHOLD = 0.35f;

  /** kohya's and imgutils' lowest score for a character tag. */
  public static final float DEFAULT_CHARACTER_THRESHOLD = 0.85f;

  /** Where the rating and quality labels go by default: nowhere. */
  public static final TagPosition DEFAULT_LABEL_POSITION = TagPosition.NONE;

  /** A general tag is kept when its probability is at least this. */
  public abstract float generalThreshold();

  /** A character tag is kept when its probability is at least this. */
  public abstract float characterThreshold();

  /** For {@code tag_mapping.json} models: the lowest probability of a copyright tag. */
  public abstract float copyrightThreshold();

  public abstract float artistThreshold();

  public abstract float metaThreshold();

  public abstract float modelThreshold();

  public abstract boolean characterTagsFirst();

  /** Never written; compared with the tag as written (after underscore removal). */
  public abstract List<String> undesiredTags();

  /**
   * {@code long_hair} becomes {@code long hair}; tags of 3 characters or less ({@code ^_^}) stay.
   */
  public abstract boolean removeUnderscore();

  /** Whether and where the rating label is written in the caption. */
  public abstract TagPosition ratingTag();

  /** Whether and where the quality label of a {@code tag_mapping.json} model is written. */
  public abstract TagPosition qualityTag();

  /** {@code chara_name_(series)} is written as two tags, {@code chara_name, series}. */
  public abstract boolean characterTagExpand();

  public abstract Builder toBuilder();

  /**
   * kohya's and imgutils' defaults: 0.35 and 0.85, model order, underscores kept; kohya's 0.35
   * ({@code --thresh}) for the categories of {@code tag_mapping.json} models.
   */
  public static CaptionRules defaults() {
    return new AutoValue_CaptionRules.Builder()
        .setGeneralThreshold(DEFAULT_GENERAL_THRESHOLD)
        .setCharacterThreshold(DEFAULT_CHARACTER_THRESHOLD)
        .setCopyrightThreshold(DEFAULT_GENERAL_THRESHOLD)
        .setArtistThreshold(DEFAULT_GENERAL_THRESHOLD)
        .setMetaThreshold(DEFAULT_GENERAL_THRESHOLD)
        .setModelThreshold(DEFAULT_GENERAL_THRESHOLD)
        .setCharacterTagsFirst(false)
        .setUndesiredTags(List.of())
        .setRemoveUnderscore(false)
        .setRatingTag(DEFAULT_LABEL_POSITION)
        .setQualityTag(DEFAULT_LABEL_POSITION)
        .setCharacterTagExpand(false)
        .build();
  }

  /** The lowest of the thresholds: kohya's gate for the rating and quality labels too. */
  float lowestThreshold() {
    return Math.min(
        Math.min(generalThreshold(), characterThreshold()),
        Math.min(
            Math.min(copyrightThreshold(), artistThreshold()),
            Math.min(metaThreshold(), modelThreshold())));
  }

  /** Each label as it is written in captions, in the model's output order. */
  List<String> spellAll(List<Label> labels) {
    return labels.stream()
        .map(
            label ->
                label.category() == LabelCategory.CHARACTER
                    ? spellCharacter(label.name())
                    : spell(label.name()))
        .toList();
  }

  /** The label as it is written in captions. */
  String spell(String label) {
    return removeUnderscore() ? TagNames.underscoresToSpaces(label) : label;
  }

  /**
   * A character label as written in captions: with {@link #characterTagExpand()}, the last
   * parenthesised part becomes a tag of its own ({@code chara_name_(costume)_(series)} → {@code
   * chara_name_(costume), series}), expanded before underscores are replaced, as kohya does.
   */
  String spellCharacter(String label) {
    if (!characterTagExpand() || !label.endsWith(")") || !label.contains("(")) {
      return spell(label);
    }
    int open = label.lastIndexOf('(');
    String name = label.substring(0, open);
    if (name.endsWith("_")) {
      name = name.substring(0, name.length() - 1);
    }
    String series = label.substring(open + 1).replace(")", "");
    return spell(name + ", " + series);
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setGeneralThreshold(float value);

    public abstract Builder setCharacterThreshold(float value);

    public abstract Builder setCopyrightThreshold(float value);

    public abstract Builder setArtistThreshold(float value);

    public abstract Builder setMetaThreshold(float value);

    public abstract Builder setModelThreshold(float value);

    public abstract Builder setCharacterTagsFirst(boolean value);

    public abstract Builder setUndesiredTags(List<String> value);

    public abstract Builder setRemoveUnderscore(boolean value);

    public abstract Builder setRatingTag(TagPosition value);

    public abstract Builder setQualityTag(TagPosition value);

    public abstract Builder setCharacterTagExpand(boolean value);

    public abstract CaptionRules build();
  }
}
