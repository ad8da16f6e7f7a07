package dev.loraflow.transforms.tags.knowledge;

import dev.loraflow.transforms.model.TagNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tags that exist, with how many posts each is on (0 where a list gives no count, as a WD14
 * model's labels), and the aliases that lead from a wrong name to a real one. Names are normalized
 * ({@link TagNames#normalize}), as captions are.
 */
public final class TagVocabulary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Long> postCounts;
  private final Map<String, String> aliases;
  private final String description;
  private transient volatile Map<Integer, List<String>> byLength;
  private transient int hash;

  private TagVocabulary(Map<String, Long> postCounts, Map<String, String> aliases, String what) {
    this.postCounts = postCounts;
    this.aliases = aliases;
    this.description = what;
  }

  /**
   * {@code postCounts} (tag to posts) and {@code aliases} (wrong name to real one), any spelling;
   * {@code description} says what they are, for the report.
   */
  public static TagVocabulary of(
      Map<String, Long> postCounts, Map<String, String> aliases, String description) {
    Map<String, Long> counts = new HashMap<>();
    postCounts.forEach((tag, count) -> counts.merge(TagNames.normalize(tag), count, Math::max));
    Map<String, String> normalized = new HashMap<>();
    aliases.forEach((from, to) -> normalized.put(TagNames.normalize(from), TagNames.normalize(to)));
    counts.remove("");
    return new TagVocabulary(Map.copyOf(counts), Map.copyOf(normalized), description);
  }

  /** These tags and {@code names} besides (a tagger's labels), described as {@code what}. */
  public TagVocabulary and(Collection<String> names, String what) {
    Map<String, Long> counts = new HashMap<>(postCounts);
    for (String name : names) {
      String tag = TagNames.normalize(name);
      if (!tag.isEmpty()) {
        counts.putIfAbsent(tag, 0L);
      }
    }
    String joined = description.isEmpty() ? what : description + " and " + what;
    return new TagVocabulary(Map.copyOf(counts), aliases, joined);
  }

  public boolean knows(String tag) {
    return postCounts.containsKey(tag);
  }

  /** The posts a known tag is on; 0 if the lists give no count or do not know it. */
  public long postCount(String tag) {
    return postCounts.getOrDefault(tag, 0L);
  }

  /** The real tag {@code tag} is an alias of, if that one is known. */
  public Optional<String> aliasOf(String tag) {
    return Optional.ofNullable(aliases.get(tag)).filter(this::knows);
  }

  /** What these tags are: {@code Danbooru's tags on 100 posts or more and the WD14 labels}. */
  public String description() {
    return description;
  }

  public int size() {
    return postCounts.size();
  }

  /** The known tags whose length is {@code length}, for spelling. */
  List<String> ofLength(int length) {
    if (byLength == null) {
      Map<Integer, List<String>> index = new HashMap<>();
      for (String tag : postCounts.keySet()) {
        index.computeIfAbsent(tag.length(), n -> new ArrayList<>()).add(tag);
      }
      byLength = index;
    }
    return byLength.getOrDefault(length, List.of());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TagVocabulary that
        && hashCode() == that.hashCode()
        && description.equals(that.description)
        && postCounts.equals(that.postCounts)
        && aliases.equals(that.aliases);
  }

  @Override
  public int hashCode() {
    if (hash == 0) {
      hash = Objects.hash(postCounts, aliases, description);
    }
    return hash;
  }

  /** The JVM's one copy of these lists, however many DoFns were deserialized with them. */
  private Object readResolve() {
    return Canonical.of(this);
  }
}
