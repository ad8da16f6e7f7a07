package dev.loraflow.pipelines;

import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.source.booru.BooruCredentials;
import dev.loraflow.transforms.source.booru.BooruQuery;
import dev.loraflow.transforms.source.booru.BooruSite;
import dev.loraflow.transforms.tagging.Wd14Tagger;
import dev.loraflow.transforms.tags.CheckTagVocabulary;
import dev.loraflow.transforms.tags.DropImpliedTags;
import dev.loraflow.transforms.tags.knowledge.Implications;
import dev.loraflow.transforms.tags.knowledge.TagData;
import dev.loraflow.transforms.tags.knowledge.TagKnowledge;
import dev.loraflow.transforms.tags.knowledge.TagVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of a recipe that use what is known of booru tags ({@link TagDataOptions}): the
 * vocabulary check and the implied-tag pruning, with Danbooru's tag data read (or fetched) once,
 * when the pipeline is built. Without tag data the recipe says what it does instead.
 */
final class TagStages {
  private static final Logger LOG = LoggerFactory.getLogger(TagStages.class);

  private final Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> vocabularyCheck;
  private final Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> impliedTags;
  private final Map<String, TagCategory> categories;

  private TagStages(
      Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> vocabularyCheck,
      Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> impliedTags,
      Map<String, TagCategory> categories) {
    this.vocabularyCheck = vocabularyCheck;
    this.impliedTags = impliedTags;
    this.categories = categories;
  }

  /**
   * The stages {@code options} ask for; {@code impliedByDefault} is the recipe's choice when {@code
   * --dropImpliedTags} is not given; {@code tagger}'s labels are known tags too. With {@code
   * categoriesWanted} the tag data is read even if no stage here uses it, for {@link #categories}.
   */
  static TagStages from(
      RecipeOptions options,
      boolean impliedByDefault,
      Optional<Wd14Tagger> tagger,
      boolean categoriesWanted) {
    boolean implied =
        options.getDropImpliedTags() == null ? impliedByDefault : options.getDropImpliedTags();
    if (!implied && !options.getCheckTags() && !categoriesWanted) {
      warnUnused(options);
      return new TagStages(Optional.empty(), Optional.empty(), Map.of());
    }
    Optional<TagKnowledge> knowledge = load(options);
    if (knowledge.isEmpty()) {
      warnWithout(options, implied, tagger.isEmpty(), categoriesWanted);
    }
    return new TagStages(
        options.getCheckTags() ? vocabularyCheck(options, knowledge, tagger) : Optional.empty(),
        implied ? Optional.of(impliedTags(knowledge)) : Optional.empty(),
        categoriesWanted ? knowledge.map(TagKnowledge::categories).orElse(Map.of()) : Map.of());
  }

  /** A fetch asked for where no stage reads the data would cost requests for nothing. */
  private static void warnUnused(RecipeOptions options) {
    if (options.getTagData() != TagData.Mode.CACHED) {
      LOG.warn(
          "--tagData={} has no effect: no stage of this run uses Danbooru's tag data"
              + " (--checkTags=false, and implied tags are kept; --dropImpliedTags would use it).",
          options.getTagData().name().toLowerCase(Locale.ROOT));
    }
  }

  /** One warning for all that the run does otherwise for want of tag data. */
  private static void warnWithout(
      RecipeOptions options, boolean implied, boolean noTagger, boolean categoriesWanted) {
    List<String> instead = new ArrayList<>();
    if (options.getCheckTags() && noTagger) {
      instead.add("captions are not checked for tags that do not exist");
    }
    if (implied) {
      instead.add("implied tags are dropped by the colour + item rule alone (red bow: drop bow)");
    }
    if (categoriesWanted) {
      instead.add(
          "a folder's captions name no tag categories, so series, artist and meta tags (touhou,"
              + " highres) stay unless --removeTags names them");
    }
    if (instead.isEmpty()) {
      return;
    }
    LOG.warn(
        "No Danbooru tag data is cached in {}: {}. --tagData=fetch fetches Danbooru's tags once.",
        options.getTagCacheDir(),
        String.join("; ", instead));
  }

  /** Danbooru's categories of its non-general tags, where asked for and known; else empty. */
  Map<String, TagCategory> categories() {
    return categories;
  }

  Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> vocabularyCheck() {
    return vocabularyCheck;
  }

  Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> impliedTags() {
    return impliedTags;
  }

  private static Optional<TagKnowledge> load(RecipeOptions options) {
    TagData data =
        TagData.from(connection(options))
            .withCacheDir(Path.of(options.getTagCacheDir()))
            .withMode(options.getTagData())
            .withTagLimits(options.getTagMinPosts(), TagData.DEFAULT_MAX_TAGS);
    try {
      return data.load();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--tagData="
              + options.getTagData().name().toLowerCase(Locale.ROOT)
              + ": "
              + OptionNames.translate(e.getMessage())
              + " Without --tagData=fetch the recipe runs on what is cached (or without tag data).",
          e);
    }
  }

  // Danbooru's account from the options only when the source is Danbooru: a --login for another
  // booru is no Danbooru login. Otherwise the environment or the credentials file, else anonymous.
  private static BooruQuery connection(RecipeOptions options) {
    boolean danbooru = options.getSource().booruSite().equals(Optional.of(BooruSite.DANBOORU));
    Path file =
        options.getCredentialsFile() == null
            ? BooruCredentials.defaultFile()
            : Path.of(options.getCredentialsFile());
    BooruCredentials credentials =
        BooruCredentials.resolve(
            BooruSite.DANBOORU,
            danbooru ? options.getLogin() : null,
            danbooru ? options.getApiKey() : null,
            file);
    BooruQuery query =
        BooruQuery.of(BooruSite.DANBOORU, "")
            .withBaseUrl(options.getTagDataUrl())
            .withCredentials(credentials);
    return options.getRequestsPerSecond() == null
        ? query
        : query.withRequestsPerSecond(options.getRequestsPerSecond());
  }

  private static PTransform<PCollection<Sample>, SamplesAndRejects> impliedTags(
      Optional<TagKnowledge> knowledge) {
    return DropImpliedTags.using(
        knowledge.map(TagKnowledge::implied).orElse(Implications.colourItems()));
  }

  private static Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> vocabularyCheck(
      RecipeOptions options, Optional<TagKnowledge> knowledge, Optional<Wd14Tagger> tagger) {
    Optional<TagVocabulary> vocabulary = knowledge.map(TagKnowledge::vocabulary);
    if (tagger.isPresent()) {
      List<String> labels = tagger.get().labelNames();
      vocabulary =
          Optional.of(
              vocabulary
                  .orElse(TagVocabulary.of(Map.of(), Map.of(), ""))
                  .and(labels, "the WD14 model's " + labels.size() + " labels"));
    }
    if (vocabulary.isEmpty()) {
      return Optional.empty();
    }
    if (knowledge.isEmpty()) {
      LOG.info(
          "Caption tags are checked against the WD14 model's labels only; --tagData=fetch adds"
              + " Danbooru's tags.");
    }
    String trigger = options.getTrigger();
    return Optional.of(
        CheckTagVocabulary.against(vocabulary.get())
            .allowing(trigger == null ? List.of() : List.of(trigger))
            .withFixes(options.getFixTags()));
  }
}
