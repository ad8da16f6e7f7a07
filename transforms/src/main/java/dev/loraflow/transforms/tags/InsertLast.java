package dev.loraflow.transforms.tags;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Adds {@code tags} at the end of the caption; one the caption already has stays where it is. */
public record InsertLast(List<String> tags) implements TagRule {
  private static final long serialVersionUID = 1L;

  public InsertLast {
    tags = List.copyOf(tags);
  }

  @Override
  public List<String> apply(List<String> caption) {
    Set<String> out = new LinkedHashSet<>(caption);
    out.addAll(tags);
    return List.copyOf(out);
  }
}
