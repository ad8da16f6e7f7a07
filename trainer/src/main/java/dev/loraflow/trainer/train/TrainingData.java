package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.data.Batch;
import dev.loraflow.trainer.data.BatchImage;
import dev.loraflow.trainer.data.Buckets;
import dev.loraflow.trainer.data.CaptionProcessor;
import dev.loraflow.trainer.data.DatasetFolder;
import dev.loraflow.trainer.data.DatasetScanner;
import dev.loraflow.trainer.data.EpochPlan;
import dev.loraflow.trainer.data.KohyaDataset;
import dev.loraflow.trainer.data.LatentCache;
import dev.loraflow.trainer.data.Position;
import dev.loraflow.trainer.data.Size;
import dev.loraflow.trainer.io.SafetensorsHashes;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The dataset side of a run: the kohya folders read, images in buckets, latents encoded once, and
 * for each batch the arrays a step needs (latents, caption tokens, loss weights).
 */
final class TrainingData {

  /** One step's inputs, created on the step's manager. */
  record StepInputs(NDArray latents, NDArray tokens, float[] lossWeights) {}

  private final TrainingConfig config;
  private final KohyaDataset dataset;
  private final EpochPlan plan;
  private final LatentCache latents;
  private final CaptionProcessor captions;
  private final ClipTokenizer tokenizer = ClipTokenizer.sd15();

  private TrainingData(
      TrainingConfig config,
      KohyaDataset dataset,
      EpochPlan plan,
      LatentCache latents,
      CaptionProcessor captions) {
    this.config = config;
    this.dataset = dataset;
    this.plan = plan;
    this.latents = latents;
    this.captions = captions;
  }

  /** Reads the folders and buckets the images; latents are encoded by {@link #encodeAll}. */
  static TrainingData prepare(
      TrainingConfig config,
      Path baseModel,
      AutoencoderKL vae,
      NDManager manager,
      long seed,
      PrintWriter out)
      throws IOException {
    DatasetScanner scanner =
        DatasetScanner.create()
            .withCaptionExtension(config.captionExtension())
            .withPriorLossWeight(config.priorLossWeight().floatValue());
    if (config.regDataDir() != null) {
      scanner = scanner.withRegularizationDir(Path.of(config.regDataDir()));
    }
    KohyaDataset dataset = scanner.scan(Path.of(config.trainDataDir()));
    dataset.warnings().forEach(w -> out.println("warning: " + w));
    EpochPlan plan = EpochPlan.create(dataset, buckets(config), config.trainBatchSize(), seed);
    VaeLatentEncoder encoder = new VaeLatentEncoder(vae, manager);
    String fingerprint = fingerprint(baseModel);
    LatentCache cache =
        config.cacheLatentsToDisk()
            ? LatentCache.onDisk(
                config.effectiveOutputDir().resolve(".latents"), encoder, fingerprint)
            : LatentCache.inMemory(encoder, fingerprint);
    CaptionProcessor captions =
        CaptionProcessor.create()
            .withShuffle(config.shuffleCaption())
            .withKeepTokens(config.keepTokens())
            .withDropoutRate(config.captionDropoutRate())
            .withDropoutEveryNEpochs(config.captionDropoutEveryNEpochs())
            .withTagDropoutRate(config.captionTagDropoutRate());
    return new TrainingData(config, dataset, plan, cache, captions);
  }

  private static Buckets buckets(TrainingConfig c) {
    int size = c.resolution();
    if (!c.enableBucket()) {
      return Buckets.fixed(size, size);
    }
    if (c.bucketNoUpscale()) {
      return Buckets.noUpscale(size, size, c.bucketResoSteps());
    }
    return Buckets.aspectRatio(
        size, size, c.minBucketReso(), c.maxBucketReso(), c.bucketResoSteps());
  }

  /** Cheap enough for a multi-gigabyte model: its size and the webui's short hash. */
  private static String fingerprint(Path model) throws IOException {
    return Files.size(model) + ":" + SafetensorsHashes.legacyOfFile(model);
  }

  /** Encodes every image (and its mirror with flip augmentation) that is not cached yet. */
  void encodeAll(PrintWriter out) throws IOException {
    long start = System.nanoTime();
    java.util.Set<Path> images = new java.util.HashSet<>();
    for (Batch batch : plan.batches(1)) {
      for (BatchImage image : batch.images()) {
        if (images.add(image.image().path())) { // repeats of an image share its latents
          latents.latents(image, false);
          if (config.flipAug()) {
            latents.latents(image, true);
          }
        }
      }
    }
    out.printf(
        "latents of %d images ready (%.1f s)%n", images.size(), (System.nanoTime() - start) / 1e9);
  }

  int batchesPerEpoch() {
    return plan.batchesPerEpoch();
  }

  List<Batch> batchesFrom(Position position) {
    return plan.batchesFrom(position);
  }

  Position positionAfter(long batchesDone) {
    return plan.positionAfter(batchesDone);
  }

  /** The batch's latents (flipped at random with flip augmentation), captions and weights. */
  StepInputs inputs(Batch batch, NDManager manager) throws IOException {
    Random random = new Random(batch.seed());
    List<BatchImage> images = batch.images();
    Size bucket = batch.bucket();
    int latentSize = 4 * (bucket.height() / 8) * (bucket.width() / 8);
    float[] stacked = new float[images.size() * latentSize];
    int windows = config.maxTokenLength() / ClipTokenizer.WINDOW_TOKENS;
    long[] tokens = new long[images.size() * windows * ClipTokenizer.CONTEXT_LENGTH];
    float[] weights = new float[images.size()];
    for (int i = 0; i < images.size(); i++) {
      BatchImage image = images.get(i);
      float[] one = latents.latents(image, config.flipAug() && random.nextBoolean());
      System.arraycopy(one, 0, stacked, i * latentSize, latentSize);
      String caption = captions.process(image.image().caption(), batch.position().epoch(), random);
      long[][] ids = tokenizer.encodeWindows(caption, windows);
      for (int w = 0; w < windows; w++) {
        System.arraycopy(
            ids[w],
            0,
            tokens,
            (i * windows + w) * ClipTokenizer.CONTEXT_LENGTH,
            ClipTokenizer.CONTEXT_LENGTH);
      }
      weights[i] = image.image().lossWeight();
    }
    NDArray latentArray =
        manager.create(
            stacked, new Shape(images.size(), 4, bucket.height() / 8, bucket.width() / 8));
    NDArray tokenArray =
        manager.create(tokens, new Shape(images.size(), windows, ClipTokenizer.CONTEXT_LENGTH));
    return new StepInputs(latentArray, tokenArray, weights);
  }

  String outputName() {
    DatasetFolder first =
        dataset.folders().stream().filter(f -> !f.regularization()).findFirst().orElseThrow();
    return first.classTokens().strip().replaceAll("[\\s/\\\\:*?\"<>|]+", "_");
  }

  /** The summary kohya prints before training. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (DatasetFolder folder : dataset.folders()) {
      text.append(
          String.format(
              "%s%s: %d images x %d repeats%n",
              folder.regularization() ? "reg " : "",
              folder.name(),
              folder.imageCount(),
              folder.repeats()));
    }
    text.append(
        String.format(
            "%d training images with repeats, %d regularisation images%n",
            dataset.trainImageRepeats(), dataset.regImageCount()));
    StringBuilder buckets = new StringBuilder();
    plan.bucketCounts()
        .forEach(
            (size, count) ->
                buckets.append(String.format(" %dx%d: %d", size.width(), size.height(), count)));
    text.append("buckets:").append(buckets);
    return text.toString();
  }

  int trainImagesWithRepeats() {
    return dataset.trainImageRepeats();
  }

  int regImages() {
    return dataset.regImageCount();
  }

  Map<String, Map<String, Integer>> tagFrequency() {
    return dataset.tagFrequency();
  }

  /** {@code {folder: {n_repeats, img_count}}}, kohya's {@code ss_dataset_dirs}. */
  Map<String, Map<String, Integer>> datasetDirs(boolean regularization) {
    Map<String, Map<String, Integer>> dirs = new LinkedHashMap<>();
    for (DatasetFolder folder : dataset.folders()) {
      if (folder.regularization() == regularization) {
        Map<String, Integer> counts = new LinkedHashMap<>(); // kohya's key order
        counts.put("n_repeats", folder.repeats());
        counts.put("img_count", folder.imageCount());
        dirs.put(folder.name(), counts);
      }
    }
    return dirs;
  }
}
