package dev.loraflow.pipelines;

import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.image.NearDuplicates;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.source.ReadImageFolder;
import dev.loraflow.transforms.source.booru.BooruSource;
import dev.loraflow.transforms.tagging.Wd14Tagger;
import dev.loraflow.transforms.tags.PruneCoreTraits;
import dev.loraflow.transforms.tags.TagRules;
import dev.loraflow.transforms.tags.TagRulesFile;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/** Builds the transforms that every recipe takes from {@link RecipeOptions}. */
final class RecipeParts {
  private RecipeParts() {}

  /** The shared steps with {@code recipeRules}, then the user's {@code --rulesFile}. */
  static DatasetRecipe dataset(RecipeOptions options, TagRules recipeRules) {
    return dataset(options, recipeRules, false, Optional.empty());
  }

  /**
   * As {@link #dataset(RecipeOptions, TagRules)}, dropping implied tags unless told otherwise
   * ({@code dropImpliedByDefault}), and pruning the character's {@code coreTraits} if given: with
   * Danbooru's tag categories for a folder's captions, which have none, where they are cached.
   */
  static DatasetRecipe dataset(
      RecipeOptions options,
      TagRules recipeRules,
      boolean dropImpliedByDefault,
      Optional<PruneCoreTraits> coreTraits) {
    // Option errors first, before the tag stages say what data they found.
    Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> nearDuplicates =
        nearDuplicates(options);
    Optional<Wd14Tagger> wd14 = wd14(options);
    boolean categoriesWanted = coreTraits.isPresent() && isFolder(options);
    // Before the source, which takes the API key out of the options.
    TagStages tagStages = TagStages.from(options, dropImpliedByDefault, wd14, categoriesWanted);
    Map<String, TagCategory> categories = tagStages.categories();
    return DatasetRecipe.builder()
        .setSource(source(options))
        .setDecode(decode(options))
        .setNearDuplicates(nearDuplicates)
        .setTagger(wd14.map(RunnerTuning::forTagger))
        .setCaptionRules(recipeRules.and(userRules(options)))
        .setCoreTraits(
            coreTraits.map(
                traits -> categories.isEmpty() ? traits : traits.withKnownCategories(categories)))
        .setVocabularyCheck(tagStages.vocabularyCheck())
        .setImpliedTags(tagStages.impliedTags())
        .setOutput(writer(options))
        .build();
  }

  /** The folder of {@code --input}, or the booru search of {@code --source}. */
  static PTransform<PBegin, SamplesAndRejects> source(RecipeOptions options) {
    if (isFolder(options)) {
      return ReadImageFolder.from(options.getInput()).withRecursive(options.getRecursive());
    }
    if (options.getInput() != null) {
      throw new IllegalArgumentException(
          "--input reads a folder; with --source="
              + options.getSource().name().toLowerCase(Locale.ROOT)
              + " leave it out");
    }
    return BooruSource.read(BooruQueries.from(options))
        .withArchiveDir(OutputFolder.downloadsOf(options.getOutput()));
  }

  static boolean isFolder(RecipeOptions options) {
    return options.getSource() == ImageSource.FOLDER;
  }

  /** The {@code --tagger}, if any. */
  static Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger(
      RecipeOptions options) {
    return wd14(options).map(RunnerTuning::forTagger);
  }

  private static Optional<Wd14Tagger> wd14(RecipeOptions options) {
    if (options.getTagger() == AutoTagger.NONE) {
      return Optional.empty();
    }
    Wd14Tagger tagger =
        Wd14Tagger.create()
            .withModel(options.getTaggerModel())
            .withRevision(options.getTaggerRevision())
            .withGeneralThreshold(options.getGeneralThreshold())
            .withCharacterThreshold(options.getCharacterThreshold())
            .withCopyrightThreshold(options.getCopyrightThreshold())
            .withArtistThreshold(options.getArtistThreshold())
            .withMetaThreshold(options.getMetaThreshold())
            .withModelThreshold(options.getModelThreshold())
            .withBatchSize(options.getTaggerBatchSize())
            .withMergeMode(options.getTaggerMerge())
            .withCharacterTagsFirst(options.getCharacterTagsFirst())
            .withCharacterTagExpand(options.getCharacterTagExpand())
            .withRatingTag(options.getTaggerRatingTag())
            .withQualityTag(options.getTaggerQualityTag())
            .withExecutionProvider(options.getTaggerDevice());
    if (options.getTaggerCacheDir() != null) {
      tagger = tagger.withCacheDir(options.getTaggerCacheDir());
    }
    if (options.getTaggerTokenFile() != null) {
      tagger = tagger.withTokenFile(options.getTaggerTokenFile());
    }
    return Optional.of(tagger);
  }

  static DecodeImages decode(RecipeOptions options) {
    return DecodeImages.create()
        .withMinSize(options.getMinSize())
        .withMaxPixels(options.getMaxPixels());
  }

  /** {@code --nearDuplicateDistance}, unless {@code --dropNearDuplicates=false}. */
  static Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> nearDuplicates(
      RecipeOptions options) {
    if (!options.getDropNearDuplicates()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          NearDuplicates.create().withMaxDistance(options.getNearDuplicateDistance()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--nearDuplicateDistance=" + options.getNearDuplicateDistance() + ": must be 0 to 189",
          e);
    }
  }

  /** {@code --rulesFile}, then {@code --escapeParentheses}. */
  static TagRules userRules(RecipeOptions options) {
    TagRules rules =
        options.getRulesFile() == null
            ? TagRules.none()
            : TagRulesFile.read(options.getRulesFile());
    // Escaping is idempotent, so a file that escapes too does no harm.
    return options.getEscapeParentheses() ? rules.escapingParentheses() : rules;
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
