package dev.loraflow.pipelines;

import dev.loraflow.transforms.tags.TagRules;
import java.util.List;
import java.util.Optional;

/**
 * The style recipe: captions keep most tags, since no single character is being learned; only
 * redundant or excessive tags are dropped (the guide's advice for style LoRAs). A trigger is
 * optional. Tags another tag of the caption implies are dropped too ({@code --dropImpliedTags}).
 * The steps themselves are {@link DatasetRecipe}'s.
 */
public final class StyleRecipe {
  private StyleRecipe() {}

  /** Drop the redundant tags; the trigger, if any, first. */
  public static TagRules captionRules(String trigger, List<String> redundantTags) {
    TagRules rules = TagRules.none().removing(redundantTags);
    return trigger == null || trigger.isBlank() ? rules : rules.insertingFirst(List.of(trigger));
  }

  /** The recipe as {@code -Dpipeline=style} runs it. */
  public static DatasetRecipe from(StyleOptions options) {
    TagRules rules =
        captionRules(options.getTrigger(), RecipeParts.nonNull(options.getRemoveTags()));
    // The guide's style advice: prune redundant tags, and an implied tag is one.
    return RecipeParts.dataset(options, rules, true, Optional.empty());
  }
}
