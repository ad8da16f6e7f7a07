package dev.loraflow.pipelines;

import dev.loraflow.transforms.tags.TagRules;
import java.util.List;

/**
 * The character recipe: a kohya dataset whose captions teach one word, the trigger, to mean the
 * character's whole default look.
 *
 * <p>The guide's rule: a caption keeps only what varies between images (pose, framing, expression,
 * background, outfit changes) and drops what the character always has (her hair, her eyes, her
 * signature outfit). Those permanent traits are given as a list; the trigger goes first. The steps
 * themselves are {@link DatasetRecipe}'s.
 */
public final class CharacterRecipe {
  private CharacterRecipe() {}

  /** Drop the permanent traits, so the trigger comes to mean them; trigger first. */
  public static TagRules captionRules(String trigger, List<String> permanentTraits) {
    return TagRules.none().removing(permanentTraits).insertingFirst(List.of(trigger));
  }

  /** The recipe as {@code -Dpipeline=character} runs it; the options require the trigger. */
  public static DatasetRecipe from(CharacterOptions options) {
    // Beam's validation requires the option; an empty value gets past it.
    if (options.getTrigger().isBlank()) {
      throw new IllegalArgumentException(
          "--trigger is empty: give the character's tag, put first in every caption");
    }
    TagRules rules =
        captionRules(options.getTrigger(), RecipeParts.nonNull(options.getRemoveTags()));
    return RecipeParts.dataset(options, rules);
  }
}
