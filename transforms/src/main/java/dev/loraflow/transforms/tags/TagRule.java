package dev.loraflow.transforms.tags;

import java.io.Serializable;
import java.util.List;

/**
 * One caption edit: a caption in, the edited caption out. {@link TagRules} applies a list of them
 * in order; a new kind of edit is one small class implementing this.
 *
 * <p>A rule keeps the caption free of duplicates when it gets one without (the first occurrence
 * wins), never returns empty tags, and does not change its input.
 */
@FunctionalInterface
public interface TagRule extends Serializable {

  List<String> apply(List<String> caption);
}
