package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One post as an API listed it, in the shape every family maps to. A post the account may not see
 * has no file URL or md5 ({@link #isVisible()} is false).
 *
 * @param query which of the source's queries listed it (its settings apply downstream)
 * @param tags names by category, in the site's spelling and order
 */
record BooruPost(
    int query,
    BooruSite site,
    long id,
    String md5,
    String fileUrl,
    String postUrl,
    String extension,
    int width,
    int height,
    int score,
    Rating rating,
    Map<TagCategory, List<String>> tags)
    implements Serializable {

  BooruPost {
    md5 = md5 == null ? "" : md5.toLowerCase(Locale.ROOT);
    fileUrl = fileUrl == null ? "" : fileUrl;
    extension = extension == null ? "" : extension.toLowerCase(Locale.ROOT);
    tags =
        tags.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
  }

  /** {@code danbooru:123}: the sample id. */
  String key() {
    return site.id() + ":" + id;
  }

  boolean isVisible() {
    return !fileUrl.isEmpty() && !md5.isEmpty();
  }

  /** Every tag, category by category in {@link TagCategory} order. */
  List<Tag> allTags() {
    List<Tag> all = new ArrayList<>();
    for (TagCategory category : TagCategory.values()) {
      for (String name : tags.getOrDefault(category, List.of())) {
        all.add(Tag.of(name, category));
      }
    }
    return all;
  }

  boolean hasTag(String name) {
    return tags.values().stream().anyMatch(names -> names.contains(name));
  }
}
