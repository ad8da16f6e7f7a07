package dev.loraflow.transforms.tags;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes {@code replacements} where {@code tag} was ({@code red_boots} → {@code red footwear,
 * boots}); no replacements drops it. A replacement the caption already has stays where it was
 * first.
 */
public record ReplaceTag(String tag, List<String> replacements) implements TagRule {
  private static final long serialVersionUID = 1L;

  public ReplaceTag {
    Objects.requireNonNull(tag, "tag");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("replace rule has an empty tag to replace");
    }
    replacements = List.copyOf(replacements);
  }

  @Override
  public List<String> apply(List<String> caption) {
    Set<String> out = new LinkedHashSet<>();
    for (String present : caption) {
      if (present.equals(tag)) {
        out.addAll(replacements);
      } else {
        out.add(present);
      }
    }
    return List.copyOf(out);
  }
}
