package dev.loraflow.transforms.tags.knowledge;

import java.io.Serializable;
import java.util.List;

/**
 * Real tags to write instead of an unknown one.
 *
 * @param kind why: {@code alias} (the site's own alias), {@code compound} (an invented colour +
 *     item tag split into real ones, {@code red boots} → {@code red footwear, boots}) or {@code
 *     spelling} (a known tag a typo or two away)
 * @param tags the replacement, in caption order
 * @param postCount the posts of the most used tag of the replacement, to rank spellings
 */
public record Suggestion(String kind, List<String> tags, long postCount) implements Serializable {
  public static final String ALIAS = "alias";
  public static final String COMPOUND = "compound";
  public static final String SPELLING = "spelling";

  public Suggestion {
    tags = List.copyOf(tags);
  }
}
