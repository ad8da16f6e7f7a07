package dev.loraflow.transforms.tags;

import java.util.List;
import java.util.Set;

/** Drops the tags spelled exactly as one of {@code tags}. */
public record RemoveTags(Set<String> tags) implements TagRule {
  private static final long serialVersionUID = 1L;

  public RemoveTags {
    tags = Set.copyOf(tags);
  }

  @Override
  public List<String> apply(List<String> caption) {
    return caption.stream().filter(tag -> !tags.contains(tag)).toList();
  }
}
