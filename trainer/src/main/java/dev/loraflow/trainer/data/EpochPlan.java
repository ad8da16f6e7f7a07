package dev.loraflow.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The batches of every epoch, formed as kohya's dataset forms them: each image enters its bucket
 * once per repeat; each epoch, every bucket's entries are shuffled and cut into batches, and the
 * order of all batches is shuffled. An epoch's order depends only on (seed, epoch), so a resumed
 * run sees the same batches in the same order (kohya shuffles cumulatively from epoch to epoch, and
 * with Python's generator, so the orders themselves differ from kohya's).
 */
public final class EpochPlan {

  private final List<List<BatchImage>> buckets;
  private final List<Size> bucketSizes;
  private final int batchSize;
  private final long seed;
  private final int batchesPerEpoch;

  private EpochPlan(
      List<Size> bucketSizes, List<List<BatchImage>> buckets, int batchSize, long seed) {
    this.bucketSizes = bucketSizes;
    this.buckets = buckets;
    this.batchSize = batchSize;
    this.seed = seed;
    int batches = 0;
    for (List<BatchImage> bucket : buckets) {
      batches += (bucket.size() + batchSize - 1) / batchSize;
    }
    this.batchesPerEpoch = batches;
  }

  /**
   * Puts every image of {@code dataset} into its bucket.
   *
   * @throws IllegalArgumentException naming the file of an image no bucket takes
   */
  public static EpochPlan create(KohyaDataset dataset, Buckets buckets, int batchSize, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "EpochPlan.create: expected a batch size >= 1, got " + batchSize);
    }
    if (dataset.images().isEmpty()) {
      throw new IllegalArgumentException("EpochPlan.create: the dataset has no images");
    }
    Map<Size, List<BatchImage>> bySize =
        new TreeMap<>(
            (a, b) ->
                a.width() != b.width()
                    ? Integer.compare(a.width(), b.width())
                    : Integer.compare(a.height(), b.height()));
    for (DatasetImage image : dataset.images()) {
      BucketFit fit;
      try {
        fit = buckets.select(image.width(), image.height());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(image.path() + ": " + e.getMessage(), e);
      }
      List<BatchImage> bucket = bySize.computeIfAbsent(fit.bucket(), size -> new ArrayList<>());
      for (int i = 0; i < image.repeats(); i++) {
        bucket.add(new BatchImage(image, fit));
      }
    }
    return new EpochPlan(
        List.copyOf(bySize.keySet()), List.copyOf(bySize.values()), batchSize, seed);
  }

  /** The sum over buckets of {@code ceil(images x repeats / batch size)}. */
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** Images times repeats per bucket, by bucket size: kohya's {@code ss_bucket_info} counts. */
  public Map<Size, Integer> bucketCounts() {
    Map<Size, Integer> counts = new LinkedHashMap<>();
    for (int b = 0; b < buckets.size(); b++) {
      counts.put(bucketSizes.get(b), buckets.get(b).size());
    }
    return Collections.unmodifiableMap(counts);
  }

  /** Every batch of a 1-based epoch, in training order. */
  public List<Batch> batches(int epoch) {
    return batchesFrom(new Position(epoch, 0));
  }

  /** The batches of {@code start}'s epoch from {@code start} on, for a resumed run. */
  public List<Batch> batchesFrom(Position start) {
    if (start.batchIndex() > batchesPerEpoch) {
      throw new IllegalArgumentException(
          "EpochPlan.batchesFrom: batch index "
              + start.batchIndex()
              + " is beyond the "
              + batchesPerEpoch
              + " batches of an epoch");
    }
    Random random = new Random(mix(seed, start.epoch()));
    List<int[]> order = new ArrayList<>();
    for (int b = 0; b < buckets.size(); b++) {
      int count = (buckets.get(b).size() + batchSize - 1) / batchSize;
      for (int i = 0; i < count; i++) {
        order.add(new int[] {b, i});
      }
    }
    // kohya's shuffle_buckets: the batch order first, then each bucket's entries.
    Collections.shuffle(order, random);
    List<List<BatchImage>> shuffled = new ArrayList<>();
    for (List<BatchImage> bucket : buckets) {
      List<BatchImage> copy = new ArrayList<>(bucket);
      Collections.shuffle(copy, random);
      shuffled.add(copy);
    }
    List<Batch> batches = new ArrayList<>();
    for (int index = start.batchIndex(); index < order.size(); index++) {
      int b = order.get(index)[0];
      List<BatchImage> bucket = shuffled.get(b);
      int from = order.get(index)[1] * batchSize;
      List<BatchImage> images = bucket.subList(from, Math.min(bucket.size(), from + batchSize));
      Position position = new Position(start.epoch(), index);
      batches.add(
          new Batch(position, bucketSizes.get(b), images, mix(mix(seed, start.epoch()), index)));
    }
    return batches;
  }

  /** The position of the next batch after {@code batchesDone} batches from the start. */
  public Position positionAfter(long batchesDone) {
    if (batchesDone < 0) {
      throw new IllegalArgumentException(
          "EpochPlan.positionAfter: expected batchesDone >= 0, got " + batchesDone);
    }
    return new Position(
        Math.toIntExact(batchesDone / batchesPerEpoch + 1), (int) (batchesDone % batchesPerEpoch));
  }

  /** SplitMix64's finaliser over both values, so neighbouring epochs get unrelated streams. */
  private static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
