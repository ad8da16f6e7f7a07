package dev.loraflow.transforms.tagging;

/** Whether the rating label ({@code general}, {@code sensitive}, …) goes into the caption, and where. */
public enum RatingTag {
  /** kohya's default: the rating is kept in the sample, not written in the caption. */
  NONE,
  /** kohya's {@code --use_rating_tags}: first (before always-first tags are moved). */
  FIRST,
  /** kohya's {@code --use_rating_tags_as_last_tag}: last. */
  LAST
}
