package dev.loraflow.transforms.tagging;

import com.google.auto.value.AutoValue;
import dev.loraflow.hub.HubClient;
import dev.loraflow.hub.HubFile;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tagging.onnx.CaptionRules;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import dev.loraflow.transforms.tagging.onnx.Label;
import dev.loraflow.transforms.tagging.onnx.LabelCategory;
import dev.loraflow.transforms.tagging.onnx.TagPosition;
import dev.loraflow.transforms.tagging.onnx.Wd14Model;
import dev.loraflow.transforms.tags.MoveFirst;
import dev.loraflow.transforms.tags.TagRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tags images with a WD14 tagger on ONNX Runtime and writes the captions kohya's {@code
 * tag_images_by_wd14_tagger.py --onnx} would: the rating, general tags {@code >=} 0.35, character
 * tags {@code >=} 0.85, each kept with its score in {@link Sample#tags()}, and the ordered caption.
 *
 * <pre>{@code
 * SamplesAndRejects tagged =
 *     decoded.apply("Tag", Wd14Tagger.create()
 *         .withModel("SmilingWolf/wd-swinv2-tagger-v3")   // or a folder
 *         .withGeneralThreshold(0.35f)
 *         .withCharacterTagsFirst(true)
 *         .withRemoveUnderscore(true));
 * }</pre>
 *
 * <p>The model is a folder with {@code model.onnx} and {@code selected_tags.csv}, or a Hugging Face
 * repo id ({@code owner/name}; or {@code owner/name/subdir} for the newer layout kohya reads,
 * {@code model_optimized.onnx} + {@code tag_mapping.json}, with copyright, artist, meta, model and
 * quality labels besides), downloaded on first use into the cache folder (default {@code
 * ~/.cache/loraflow/wd14}) at {@link #withRevision} (default {@code main}); a cached model needs no
 * network. Private and gated repos need a token ({@code HF_TOKEN} or {@link #withTokenFile}). The
 * default model is {@value #DEFAULT_MODEL}: the v3 family is trained on Danbooru up to 2024, its
 * batch dimension is not fixed, and SwinV2 is the v3 model that imgutils/waifuc default to and
 * kohya's docs show; it is about 470 MB, where EVA02-large is 1.2 GB and several times slower on a
 * CPU.
 *
 * <p>The model is fetched and checked (labels match outputs, input layout) when the pipeline is
 * built, so a wrong model fails before any image is read; each worker JVM then opens one session
 * (and fetches the model into its own cache folder if it has none). An image that cannot be decoded
 * becomes a {@code wd14} reject.
 *
 * <p>Threads: each JVM runs one session with {@link #withIntraOpThreads} threads plus {@link
 * #withPreprocessThreads} decoding threads, shared by all the DoFn instances the runner starts in
 * it (the DirectRunner: {@code targetParallelism}, by default the number of cores and at least 3).
 * Samples are first gathered into bundles of {@link #withBatchesPerBundle} batches ({@link
 * GatherBundles}), since a runner may hand on smaller bundles (the DirectRunner, after a grouping,
 * one element each) and a batch can only overlap with the next one in its bundle. How many workers
 * and batches a bundle suit a runner is the runner's business (the recipes' choice, and the
 * measurements behind it, are in {@code docs/performance.md}).
 */
@AutoValue
public abstract class Wd14Tagger extends PTransform<PCollection<Sample>, SamplesAndRejects> {

  /** The model used when none is given. */
  public static final String DEFAULT_MODEL = "SmilingWolf/wd-swinv2-tagger-v3";

  /** The model revision used when none is given: the repo's default branch. */
  public static final String DEFAULT_REVISION = HubFile.MAIN;

  /** kohya's and imgutils' lowest score for a general tag, also used for the other categories. */
  public static final float DEFAULT_GENERAL_THRESHOLD = CaptionRules.DEFAULT_GENERAL_THRESHOLD;

  /** kohya's and imgutils' lowest score for a character tag. */
  public static final float DEFAULT_CHARACTER_THRESHOLD = CaptionRules.DEFAULT_CHARACTER_THRESHOLD;

  /** Images per inference batch when none is given. */
  public static final int DEFAULT_BATCH_SIZE = 4;

  /** Batches gathered into a bundle when no number is given: one decodes while the other runs. */
  public static final int DEFAULT_BATCHES_PER_BUNDLE = 2;

  /** How tags merge when no mode is given. */
  public static final MergeMode DEFAULT_MERGE_MODE = MergeMode.REPLACE;

  /** Where the model runs when no provider is given. */
  public static final ExecutionProvider DEFAULT_EXECUTION_PROVIDER = ExecutionProvider.CPU;

  /** Where the rating and quality labels go when no position is given: nowhere. */
  public static final TagPosition DEFAULT_LABEL_POSITION = CaptionRules.DEFAULT_LABEL_POSITION;

  /** Hugging Face, unless the {@code HF_ENDPOINT} environment variable names a mirror. */
  public static final String DEFAULT_BASE_URL = HubClient.DEFAULT_ENDPOINT;

  abstract String model();

  abstract String revision();

  abstract String cacheDir();

  abstract @Nullable String tokenFile();

  abstract String baseUrl();

  abstract int batchSize();

  abstract int batchesPerBundle();

  abstract int intraOpThreads();

  abstract int preprocessThreads();

  abstract ExecutionProvider provider();

  abstract CaptionRules rules();

  abstract List<String> alwaysFirstTags();

  abstract MergeMode mergeMode();

  abstract Builder toBuilder();

  /** Defaults: {@value #DEFAULT_MODEL}, kohya's thresholds and order, batch 4, replace captions. */
  public static Wd14Tagger create() {
    return new AutoValue_Wd14Tagger.Builder()
        .setModel(DEFAULT_MODEL)
        .setRevision(DEFAULT_REVISION)
        .setCacheDir(
            Path.of(System.getProperty("user.home"), ".cache", "loraflow", "wd14").toString())
        .setBaseUrl(HubClient.endpoint(System.getenv()))
        .setBatchSize(DEFAULT_BATCH_SIZE)
        .setBatchesPerBundle(DEFAULT_BATCHES_PER_BUNDLE)
        .setIntraOpThreads(0)
        .setPreprocessThreads(0)
        .setProvider(DEFAULT_EXECUTION_PROVIDER)
        .setRules(CaptionRules.defaults())
        .setAlwaysFirstTags(List.of())
        .setMergeMode(DEFAULT_MERGE_MODE)
        .build();
  }

  /**
   * A folder with {@code model.onnx} + {@code selected_tags.csv} (or {@code model_optimized.onnx} +
   * {@code tag_mapping.json}), or a repo id: {@code owner/name} for WD14's pair, {@code
   * owner/name/subdir} for a tag_mapping model in that folder of the repo, as in kohya.
   */
  public Wd14Tagger withModel(String folderOrRepoId) {
    requireText(folderOrRepoId, "model");
    return toBuilder().setModel(folderOrRepoId).build();
  }

  /** The repo branch, tag or commit to download (default {@code main}); a commit pins the model. */
  public Wd14Tagger withRevision(String revision) {
    return toBuilder().setRevision(HubFile.checkRevision(revision)).build();
  }

  /**
   * A file holding a Hugging Face token, for private or gated repos. Without it the token comes
   * from {@code HF_TOKEN}, else from {@code huggingface-cli login}'s file. The token is read where
   * the model is downloaded, sent only to the Hub, and never logged or kept in the pipeline.
   */
  public Wd14Tagger withTokenFile(String tokenFile) {
    requireText(tokenFile, "tokenFile");
    return toBuilder().setTokenFile(tokenFile).build();
  }

  /** Where downloaded models are kept, one subfolder per repo and revision. */
  public Wd14Tagger withCacheDir(String cacheDir) {
    requireText(cacheDir, "cacheDir");
    return toBuilder().setCacheDir(cacheDir).build();
  }

  /** The Hugging Face address to download from (a mirror, or a test server). */
  public Wd14Tagger withBaseUrl(String baseUrl) {
    HubClient.parseEndpoint(baseUrl);
    return toBuilder().setBaseUrl(baseUrl).build();
  }

  /**
   * Minimum probability of a general tag (kohya {@code --general_threshold}); above 1 drops all.
   */
  public Wd14Tagger withGeneralThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setGeneralThreshold(threshold).build());
  }

  /** Minimum probability of a character tag (kohya {@code --character_threshold}). */
  public Wd14Tagger withCharacterThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setCharacterThreshold(threshold).build());
  }

  /**
   * tag_mapping.json models: lowest probability of a copyright tag (kohya {@code
   * --copyright_threshold}).
   */
  public Wd14Tagger withCopyrightThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setCopyrightThreshold(threshold).build());
  }

  /**
   * tag_mapping.json models: lowest probability of an artist tag (kohya {@code
   * --artist_threshold}).
   */
  public Wd14Tagger withArtistThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setArtistThreshold(threshold).build());
  }

  /** tag_mapping.json models: lowest probability of a meta tag (kohya {@code --meta_threshold}). */
  public Wd14Tagger withMetaThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setMetaThreshold(threshold).build());
  }

  /**
   * tag_mapping.json models: lowest probability of a model tag (kohya {@code --model_threshold}).
   */
  public Wd14Tagger withModelThreshold(float threshold) {
    requireThreshold(threshold);
    return withRules(rules().toBuilder().setModelThreshold(threshold).build());
  }

  /** Images per inference call; a model with a fixed batch size (some v2 exports) overrides it. */
  public Wd14Tagger withBatchSize(int batchSize) {
    requirePositive(batchSize, "batchSize");
    return toBuilder().setBatchSize(batchSize).build();
  }

  /**
   * Batches gathered into one bundle before tagging (default {@value #DEFAULT_BATCHES_PER_BUNDLE}):
   * within a bundle each batch is decoded while the one before it runs, so more batches hide more
   * of the decoding, at the cost of holding their images in memory at once.
   */
  public Wd14Tagger withBatchesPerBundle(int batches) {
    requirePositive(batches, "batchesPerBundle");
    return toBuilder().setBatchesPerBundle(batches).build();
  }

  /** ONNX Runtime intra-op threads per JVM; 0 (the default) lets ONNX Runtime use all cores. */
  public Wd14Tagger withIntraOpThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + threads);
    }
    return toBuilder().setIntraOpThreads(threads).build();
  }

  /**
   * Threads per JVM decoding and resizing the next batches while the model runs; 0 (the default)
   * starts one per core the model leaves free (at least one), or one per core where the model runs
   * on the GPU.
   */
  public Wd14Tagger withPreprocessThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("preprocessThreads must be >= 0, got " + threads);
    }
    return toBuilder().setPreprocessThreads(threads).build();
  }

  /** CPU (default) or CUDA; CUDA falls back to the CPU with a warning where it is unavailable. */
  public Wd14Tagger withExecutionProvider(ExecutionProvider provider) {
    return toBuilder().setProvider(provider).build();
  }

  /** Character tags before general tags (kohya {@code --character_tags_first}). */
  public Wd14Tagger withCharacterTagsFirst(boolean first) {
    return withRules(rules().toBuilder().setCharacterTagsFirst(first).build());
  }

  /**
   * Tags moved to the front when present, the last listed first (kohya {@code
   * --always_first_tags}), e.g. 1girl: a caption edit ({@link MoveFirst}), made before the merge.
   */
  public Wd14Tagger withAlwaysFirstTags(String... tags) {
    return toBuilder().setAlwaysFirstTags(cleaned(tags)).build();
  }

  /** Tags never written (kohya {@code --undesired_tags}), spelled as in the caption. */
  public Wd14Tagger withUndesiredTags(String... tags) {
    return withRules(rules().toBuilder().setUndesiredTags(cleaned(tags)).build());
  }

  /** {@code long_hair} becomes {@code long hair}, except in tags of up to 3 characters. */
  public Wd14Tagger withRemoveUnderscore(boolean remove) {
    return withRules(rules().toBuilder().setRemoveUnderscore(remove).build());
  }

  /** Writes the rating label first or last in the caption (kohya {@code --use_rating_tags}). */
  public Wd14Tagger withRatingTag(TagPosition position) {
    return withRules(rules().toBuilder().setRatingTag(position).build());
  }

  /** tag_mapping.json models: quality label first or last (kohya {@code --use_quality_tags}). */
  public Wd14Tagger withQualityTag(TagPosition position) {
    return withRules(rules().toBuilder().setQualityTag(position).build());
  }

  /**
   * Writes {@code name_(series)} character tags as {@code name, series} (kohya {@code
   * --character_tag_expand}).
   */
  public Wd14Tagger withCharacterTagExpand(boolean expand) {
    return withRules(rules().toBuilder().setCharacterTagExpand(expand).build());
  }

  /** How WD14's tags combine with a sample's own (default {@link MergeMode#REPLACE}). */
  public Wd14Tagger withMergeMode(MergeMode mergeMode) {
    return toBuilder().setMergeMode(mergeMode).build();
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    ModelSource source = ModelSource.of(model(), revision(), cacheDir(), baseUrl(), tokenFile());
    InferenceSettings settings =
        InferenceSettings.of(batchSize(), intraOpThreads(), preprocessThreads(), provider());
    checkModel(source, settings);
    PCollection<Sample> gathered =
        samples.apply("Gather into bundles", new GatherBundles(batchSize() * batchesPerBundle()));
    return SamplesAndRejects.apply(
        gathered,
        "Tag with WD14",
        new TagImagesFn(
            source, settings, rules(), TagRules.of(new MoveFirst(alwaysFirstTags())), mergeMode()));
  }

  /**
   * The tags the model can give (its labels file, ratings and quality labels included), fetching
   * the model first if needed: the vocabulary a caption it wrote is made of.
   */
  public List<String> labelNames() {
    try {
      return ModelSource.of(model(), revision(), cacheDir(), baseUrl(), tokenFile())
          .resolve()
          .readLabels()
          .stream()
          .filter(label -> label.category() != LabelCategory.IGNORED && !label.name().isEmpty())
          .map(Label::name)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    CaptionRules rules = rules();
    builder
        .add(DisplayData.item("model", model()).withLabel("WD14 model (folder or repo id)"))
        .add(DisplayData.item("revision", revision()).withLabel("Hugging Face revision"))
        .add(DisplayData.item("cacheDir", cacheDir()).withLabel("Model cache folder"))
        .addIfNotNull(
            DisplayData.item("tokenFile", tokenFile()).withLabel("Hugging Face token file"))
        .add(DisplayData.item("baseUrl", baseUrl()).withLabel("Download base URL"))
        .add(DisplayData.item("generalThreshold", rules.generalThreshold()))
        .add(DisplayData.item("characterThreshold", rules.characterThreshold()))
        .add(DisplayData.item("copyrightThreshold", rules.copyrightThreshold()))
        .add(DisplayData.item("artistThreshold", rules.artistThreshold()))
        .add(DisplayData.item("metaThreshold", rules.metaThreshold()))
        .add(DisplayData.item("modelThreshold", rules.modelThreshold()))
        .add(DisplayData.item("characterTagsFirst", rules.characterTagsFirst()))
        .add(DisplayData.item("alwaysFirstTags", String.join(",", alwaysFirstTags())))
        .add(DisplayData.item("undesiredTags", String.join(",", rules.undesiredTags())))
        .add(DisplayData.item("removeUnderscore", rules.removeUnderscore()))
        .add(DisplayData.item("ratingTag", rules.ratingTag().name()))
        .add(DisplayData.item("qualityTag", rules.qualityTag().name()))
        .add(DisplayData.item("characterTagExpand", rules.characterTagExpand()))
        .add(DisplayData.item("mergeMode", mergeMode().name()))
        .add(DisplayData.item("batchSize", batchSize()))
        .add(DisplayData.item("batchesPerBundle", batchesPerBundle()))
        .add(DisplayData.item("intraOpThreads", intraOpThreads()))
        .add(DisplayData.item("preprocessThreads", preprocessThreads()))
        .add(DisplayData.item("executionProvider", provider().name()));
  }

  /** Fetches the model if needed and opens it once, so a bad model fails at construction. */
  private static void checkModel(ModelSource source, InferenceSettings settings) {
    try {
      Wd14Model.verify(source.resolve(), settings.batchSize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Wd14Tagger withRules(CaptionRules rules) {
    return toBuilder().setRules(rules).build();
  }

  private static List<String> cleaned(String... tags) {
    return Arrays.stream(tags).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  private static void requireThreshold(float threshold) {
    if (!(threshold >= 0f)) {
      throw new IllegalArgumentException("Thresholds must be >= 0, got " + threshold);
    }
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setModel(String model);

    abstract Builder setRevision(String revision);

    abstract Builder setTokenFile(String tokenFile);

    abstract Builder setCacheDir(String cacheDir);

    abstract Builder setBaseUrl(String baseUrl);

    abstract Builder setBatchSize(int batchSize);

    abstract Builder setBatchesPerBundle(int batches);

    abstract Builder setIntraOpThreads(int threads);

    abstract Builder setPreprocessThreads(int threads);

    abstract Builder setProvider(ExecutionProvider provider);

    abstract Builder setRules(CaptionRules rules);

    abstract Builder setAlwaysFirstTags(List<String> tags);

    abstract Builder setMergeMode(MergeMode mergeMode);

    abstract Wd14Tagger build();
  }
}
