package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Sample;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Comparator;

/**
 * What {@link NearDuplicates} knows of one image: its perceptual hash, and what makes one copy of a
 * picture better than another.
 *
 * @param id the sample's id
 * @param name the sample's file name, for messages
 * @param pixels width × height
 * @param lossless whether the file keeps every pixel (PNG, BMP, lossless WebP)
 * @param lossy whether it is a JPEG (a lossy WebP is neither this nor lossless)
 * @param bytes the file's size
 * @param hash {@link PerceptualHash#of}
 */
record LookAlike(
    String id, String name, long pixels, boolean lossless, boolean lossy, long bytes, long[] hash)
    implements Serializable {

  /**
   * Best first: more pixels, then lossless over lossy WebP over JPEG, then the larger file (less
   * compressed), then the smaller id, so that the choice never depends on the runner's order.
   */
  static final Comparator<LookAlike> BEST_FIRST =
      Comparator.comparingLong(LookAlike::pixels)
          .thenComparingInt(LookAlike::quality)
          .thenComparingLong(LookAlike::bytes)
          .reversed()
          .thenComparing(LookAlike::id);

  /** Decodes {@code sample} (holding its pixels of {@code budget}) and hashes it. */
  static LookAlike of(Sample sample, PixelBudget budget) {
    byte[] bytes = sample.bytes();
    ImageFormat format =
        sample
            .format()
            .orElseThrow(
                () -> new IllegalStateException(sample.id() + " has no format: decode it first"));
    long[] hash;
    try (PixelBudget.Lease lease = budget.lease()) {
      lease.take((long) sample.width() * sample.height());
      hash = PerceptualHash.of(WhiteBackground.decodeBgr(bytes));
    } catch (IOException e) {
      // DecodeImages has read this file already; failing now is a fault, not bad input.
      throw new UncheckedIOException("Cannot decode " + sample.id() + " again to hash it", e);
    }
    boolean lossyWebp = format == ImageFormat.WEBP && LossyWebp.isLossyOrAnimated(bytes);
    return new LookAlike(
        sample.id(),
        sample.name(),
        (long) sample.width() * sample.height(),
        format != ImageFormat.JPEG && !lossyWebp,
        format == ImageFormat.JPEG,
        bytes.length,
        hash);
  }

  /** How many bits this picture is from {@code other} ({@link PerceptualHash#distance}). */
  int distanceTo(LookAlike other) {
    return PerceptualHash.distance(hash, other.hash);
  }

  /** 2 lossless, 1 lossy WebP, 0 JPEG. */
  private int quality() {
    return lossless ? 2 : lossy ? 0 : 1;
  }
}
