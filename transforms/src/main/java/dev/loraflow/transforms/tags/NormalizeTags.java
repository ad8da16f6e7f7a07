package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every tag in its normalized spelling ({@link TagNames#normalize}), empty tags and duplicates
 * dropped (the first occurrence wins): after it, {@code Red_Hair} and {@code red hair} are one tag.
 */
public record NormalizeTags() implements TagRule {
  private static final long serialVersionUID = 1L;

  @Override
  public List<String> apply(List<String> caption) {
    Set<String> tags = new LinkedHashSet<>();
    for (String raw : caption) {
      String tag = TagNames.normalize(raw);
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }
}
