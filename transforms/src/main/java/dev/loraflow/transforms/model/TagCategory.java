package dev.loraflow.transforms.model;

import java.util.Optional;

/**
 * The category of a tag, as boorus and the WD14 label CSV assign them.
 *
 * <p>Danbooru's category numbers (general 0, artist 1, copyright 3, character 4, meta 5) are the
 * ones WD14's {@code selected_tags.csv} uses too; WD14 adds 9 for its rating labels, which loraflow
 * keeps in {@link Rating} instead of as tags.
 */
public enum TagCategory {
  GENERAL(0),
  ARTIST(1),
  COPYRIGHT(3),
  CHARACTER(4),
  META(5);

  private final int danbooruId;

  TagCategory(int danbooruId) {
    this.danbooruId = danbooruId;
  }

  /** The number Danbooru and WD14's CSV use for this category. */
  public int danbooruId() {
    return danbooruId;
  }

  /** The category Danbooru numbers {@code id}; empty for a number it does not use for tags. */
  public static Optional<TagCategory> fromDanbooruId(int id) {
    for (TagCategory category : values()) {
      if (category.danbooruId == id) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }
}
