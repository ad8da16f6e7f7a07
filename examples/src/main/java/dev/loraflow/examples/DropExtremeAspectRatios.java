package dev.loraflow.examples;

import dev.loraflow.transforms.model.SampleFilter;
import java.util.Optional;

/**
 * A custom stage written the way loraflow's own are: refuses images much wider than tall (or the
 * reverse), which kohya's buckets would crop badly, and says why in the rejects report.
 */
public final class DropExtremeAspectRatios {

  private DropExtremeAspectRatios() {}

  /** Keeps images whose long side is at most {@code maxRatio} times the short side. */
  public static SampleFilter atMost(double maxRatio) {
    if (maxRatio < 1) {
      throw new IllegalArgumentException(
          "DropExtremeAspectRatios.atMost: maxRatio must be at least 1, got " + maxRatio);
    }
    return SampleFilter.of(
        "aspect",
        sample -> {
          double ratio =
              (double) Math.max(sample.width(), sample.height())
                  / Math.min(sample.width(), sample.height());
          return ratio <= maxRatio
              ? Optional.empty()
              : Optional.of(String.format("aspect ratio %.2f is over %.2f", ratio, maxRatio));
        });
  }
}
