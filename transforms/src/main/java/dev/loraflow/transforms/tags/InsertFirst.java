package dev.loraflow.transforms.tags;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts {@code tags} at the beginning of the caption, in this order, whether it had them or not: the
 * guide's {@code {}b}, e.g. the trigger. Where the caption had one, it moves.
 */
public record InsertFirst(List<String> tags) implements TagRule {
  private static final long serialVersionUID = 1L;

  public InsertFirst {
    tags = List.copyOf(tags);
  }

  @Override
  public List<String> apply(List<String> caption) {
    Set<String> out = new LinkedHashSet<>(tags);
    out.addAll(caption);
    return List.copyOf(out);
  }
}
