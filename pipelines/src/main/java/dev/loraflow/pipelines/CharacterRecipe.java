package dev.loraflow.pipelines;

import dev.loraflow.transforms.tags.PruneCoreTraits;
import dev.loraflow.transforms.tags.TagRules;
import java.util.List;
import java.util.Optional;

/**
 * The character recipe: a kohya dataset whose captions teach one word, the trigger, to mean the
 * character's whole default look.
 *
 * <p>The guide's rule: a caption keeps only what varies between images (pose, framing, expression,
 * background, outfit changes) and drops what the character always has (her hair, her eyes, her
 * signature outfit). Those permanent traits are found from the dataset ({@link PruneCoreTraits},
 * {@code --autoPrune}) or given as a list; the trigger goes first. The steps themselves are {@link
 * DatasetRecipe}'s.
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
    List<String> remove = RecipeParts.nonNull(options.getRemoveTags());
    if (!Boolean.TRUE.equals(options.getAutoPrune())) {
      return RecipeParts.dataset(options, captionRules(options.getTrigger(), remove));
    }
    PruneCoreTraits traits;
    try {
      traits =
          PruneCoreTraits.forTrigger(options.getTrigger())
              .withMinShare(options.getTraitShare())
              .withKeepTags(RecipeParts.nonNull(options.getKeepTags()))
              .withRemoveTags(remove);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--traitShare: " + e.getMessage(), e);
    }
    // The traits come from the whole dataset: pruned after the caption rules normalized the tags.
    return RecipeParts.dataset(options, TagRules.none(), false, Optional.of(traits));
  }
}
