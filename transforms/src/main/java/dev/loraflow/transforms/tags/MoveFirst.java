package dev.loraflow.transforms.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * kohya's {@code --always_first_tags}: each of {@code tags} the caption has is moved to the front
 * in turn, so of several the last listed ends up first; a tag the caption lacks is not added.
 */
public record MoveFirst(List<String> tags) implements TagRule {
  private static final long serialVersionUID = 1L;

  public MoveFirst {
    tags = List.copyOf(tags);
  }

  @Override
  public List<String> apply(List<String> caption) {
    List<String> out = new ArrayList<>(caption);
    for (String tag : tags) {
      if (out.remove(tag)) {
        out.add(0, tag);
      }
    }
    return List.copyOf(out);
  }
}
