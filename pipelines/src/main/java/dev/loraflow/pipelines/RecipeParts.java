package dev.loraflow.pipelines;

import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.source.ReadImageFolder;
import dev.loraflow.transforms.tags.TagRules;
import dev.loraflow.transforms.tags.TagRulesFile;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;

/** Builds the transforms that every recipe takes from {@link RecipeOptions}. */
final class RecipeParts {
  private RecipeParts() {}

  static PTransform<PBegin, SamplesAndRejects> source(RecipeOptions options) {
    return ReadImageFolder.from(options.getInput()).withRecursive(options.getRecursive());
  }

  static DecodeImages decode(RecipeOptions options) {
    return DecodeImages.create().withMinSize(options.getMinSize()).withMaxPixels(options.getMaxPixels());
  }

  /** {@code --removeTags}, then {@code --rulesFile}, then {@code --escapeParentheses}. */
  static TagRules userRules(RecipeOptions options) {
    TagRules rules = TagRules.none().removing(nonNull(options.getRemoveTags()));
    if (options.getRulesFile() != null) {
      rules = rules.and(TagRulesFile.read(options.getRulesFile()));
    }
    return rules.escapingParentheses(rules.escapesParentheses() || options.getEscapeParentheses());
  }

  static WriteKohyaDataset writer(RecipeOptions options) {
    return WriteKohyaDataset.to(options.getOutput())
        .withName(options.getName())
        .withRepeatBudget(options.getRepeatBudget());
  }

  static List<String> nonNull(List<String> values) {
    return values == null ? List.of() : values;
  }
}
