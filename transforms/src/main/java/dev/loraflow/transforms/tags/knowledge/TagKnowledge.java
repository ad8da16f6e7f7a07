package dev.loraflow.transforms.tags.knowledge;

import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.model.TagNames;
import dev.loraflow.transforms.source.booru.DanbooruTagLists.Counted;
import dev.loraflow.transforms.source.booru.DanbooruTagLists.Pair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Danbooru knows about its tags, as fetched at one time: active implications, active aliases,
 * and the tags on at least {@code minPostCount} posts with their counts. Kept as Danbooru spells it
 * ({@code long_hair}); {@link #implications} and {@link #vocabulary} answer in caption spelling.
 *
 * @param source the base URL it was read from
 * @param fetched when
 * @param minPostCount the fewest posts a tag of {@code tags} is on
 */
public record TagKnowledge(
    String source,
    Instant fetched,
    long minPostCount,
    List<Pair> implications,
    List<Pair> aliases,
    List<Counted> tags) {

  public TagKnowledge {
    implications = List.copyOf(implications);
    aliases = List.copyOf(aliases);
    tags = List.copyOf(tags);
  }

  /** The implications, followed transitively. */
  public Implications implied() {
    Map<String, List<String>> direct = new HashMap<>();
    for (Pair pair : implications) {
      direct
          .computeIfAbsent(TagNames.normalize(pair.from()), tag -> new ArrayList<>())
          .add(TagNames.normalize(pair.to()));
    }
    Map<String, List<String>> frozen = new HashMap<>();
    direct.forEach((tag, consequents) -> frozen.put(tag, List.copyOf(consequents)));
    return new GraphImplications(Map.copyOf(frozen), "danbooru");
  }

  /** The tags and aliases. */
  public TagVocabulary vocabulary() {
    Map<String, Long> counts = new HashMap<>();
    for (Counted tag : tags) {
      counts.merge(tag.name(), tag.postCount(), Math::max);
    }
    Map<String, String> aliasMap = new HashMap<>();
    for (Pair pair : aliases) {
      aliasMap.put(pair.from(), pair.to());
    }
    return TagVocabulary.of(
        counts, aliasMap, "Danbooru's tags on " + minPostCount + " posts or more");
  }

  /**
   * The category of each tag that is not a general one (characters, series, artists, meta), in
   * caption spelling: what a folder's captions, which carry none, are missing.
   */
  public Map<String, TagCategory> categories() {
    Map<String, TagCategory> categories = new HashMap<>();
    for (Counted tag : tags) {
      TagCategory.fromDanbooruId(tag.category())
          .filter(category -> category != TagCategory.GENERAL)
          .ifPresent(category -> categories.put(TagNames.normalize(tag.name()), category));
    }
    return Map.copyOf(categories);
  }

  /** {@code 31,204 implications, 48,113 aliases, 98,421 tags from https://... (fetched ...)}. */
  public String describe() {
    return String.format(
        "%,d implications, %,d aliases, %,d tags on %,d posts or more from %s (fetched %s)",
        implications.size(), aliases.size(), tags.size(), minPostCount, source, fetched);
  }
}
