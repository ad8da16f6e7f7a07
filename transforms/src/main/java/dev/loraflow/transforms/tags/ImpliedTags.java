package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import dev.loraflow.transforms.tags.knowledge.Implications;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops from a caption every tag that another tag of it implies: with {@code very long hair},
 * {@code long hair} says nothing more; with {@code red bow}, {@code bow} neither. The tag that
 * implies it stays. Two tags that imply each other (a cycle in a hand-made list) both stay.
 */
public final class ImpliedTags implements TagRule {
  private static final long serialVersionUID = 1L;

  private final Implications implications;

  private ImpliedTags(Implications implications) {
    this.implications = implications;
  }

  public static ImpliedTags by(Implications implications) {
    return new ImpliedTags(implications);
  }

  public Implications implications() {
    return implications;
  }

  /** The caption without its implied tags, in its order. */
  @Override
  public List<String> apply(List<String> caption) {
    Set<String> dropped = dropped(caption).keySet();
    List<String> kept = new ArrayList<>(caption.size());
    for (String tag : caption) {
      if (!dropped.contains(TagNames.normalize(tag))) {
        kept.add(tag);
      }
    }
    return kept;
  }

  /**
   * The implied tags of the caption (normalized), each with the first tag of the caption that
   * implies it and stays.
   */
  public Map<String, String> dropped(List<String> caption) {
    List<String> tags = new ArrayList<>(caption.size());
    for (String raw : caption) {
      tags.add(TagNames.normalize(raw));
    }
    Set<String> present = new HashSet<>(tags);
    Set<String> implied = new HashSet<>();
    for (String tag : present) {
      for (String consequent : implications.of(tag)) {
        if (present.contains(consequent)
            && !consequent.equals(tag)
            && !implications.of(consequent).contains(tag)) {
          implied.add(consequent);
        }
      }
    }
    Map<String, String> dropped = new LinkedHashMap<>();
    for (String tag : tags) {
      if (implied.contains(tag) && !dropped.containsKey(tag)) {
        dropped.put(tag, keptImplier(tag, tags, implied));
      }
    }
    return dropped;
  }

  // Implication lists follow chains, so a tag implied by a dropped one is implied by a kept one.
  private String keptImplier(String tag, List<String> tags, Set<String> implied) {
    String any = null;
    for (String candidate : tags) {
      if (!candidate.equals(tag) && implications.of(candidate).contains(tag)) {
        if (!implied.contains(candidate)) {
          return candidate;
        }
        any = any == null ? candidate : any;
      }
    }
    return any;
  }
}
