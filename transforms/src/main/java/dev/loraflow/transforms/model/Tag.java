package dev.loraflow.transforms.model;

import java.util.Objects;

/**
 * One tag of a sample: its name as the source spelled it, its category, and the tagger's confidence
 * where a model produced it.
 *
 * @param name the tag, e.g. {@code long_hair} or {@code hakurei reimu}
 * @param category general, character, copyright, artist or meta
 * @param score the tagger's probability in [0, 1], or {@link #NO_SCORE} for tags a person or a
 *     booru gave
 */
public record Tag(String name, TagCategory category, float score) {

  /** Marks a tag that did not come from a model. */
  public static final float NO_SCORE = -1f;

  public Tag {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
  }

  /** A tag without a score. */
  public static Tag of(String name, TagCategory category) {
    return new Tag(name, category, NO_SCORE);
  }

  /** A general tag without a score. */
  public static Tag general(String name) {
    return of(name, TagCategory.GENERAL);
  }
}
