package dev.loraflow.transforms.tagging.onnx;

/**
 * Whether a label the caption leaves out by default (the rating, the quality) is written, and
 * where: kohya's {@code --use_rating_tags} / {@code --use_rating_tags_as_last_tag} and {@code
 * --use_quality_tags} / {@code --use_quality_tags_as_last_tag}.
 */
public enum TagPosition {
  /** kohya's default: kept in the sample (the rating), not written in the caption. */
  NONE,
  /** First (before always-first tags are moved). */
  FIRST,
  /** Last. */
  LAST
}
