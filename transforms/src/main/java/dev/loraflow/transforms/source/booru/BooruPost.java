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
 * One post as an API listed it, in the shape every family maps to; made with {@link #builder}. A
 * post the account may not see has no file URL or md5 ({@link #isVisible()} is false).
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

  /**
   * A post of {@code site} listed by the source's query {@code query}; what is not set is empty.
   */
  static Builder builder(int query, BooruSite site, long id) {
    return new Builder(query, site, id);
  }

  /** The fields an API reads, set by name; unset strings are empty, numbers 0, rating unknown. */
  static final class Builder {
    private final int query;
    private final BooruSite site;
    private final long id;
    private String md5 = "";
    private String fileUrl = "";
    private String postUrl = "";
    private String extension = "";
    private int width;
    private int height;
    private int score;
    private Rating rating = Rating.UNKNOWN;
    private Map<TagCategory, List<String>> tags = Map.of();

    private Builder(int query, BooruSite site, long id) {
      this.query = query;
      this.site = site;
      this.id = id;
    }

    Builder md5(String value) {
      md5 = value;
      return this;
    }

    Builder fileUrl(String value) {
      fileUrl = value;
      return this;
    }

    Builder postUrl(String value) {
      postUrl = value;
      return this;
    }

    Builder extension(String value) {
      extension = value;
      return this;
    }

    Builder size(int imageWidth, int imageHeight) {
      width = imageWidth;
      height = imageHeight;
      return this;
    }

    Builder score(int value) {
      score = value;
      return this;
    }

    Builder rating(Rating value) {
      rating = value;
      return this;
    }

    Builder tags(Map<TagCategory, List<String>> value) {
      tags = value;
      return this;
    }

    BooruPost build() {
      return new BooruPost(
          query, site, id, md5, fileUrl, postUrl, extension, width, height, score, rating, tags);
    }
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
