package dev.loraflow.examples;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A custom stage written the way loraflow's own are: refuses images much wider than tall (or the
 * reverse), which kohya's buckets would crop badly, and says why in the rejects report.
 */
public final class DropExtremeAspectRatios
    extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;
  private final double maxRatio;

  private DropExtremeAspectRatios(double maxRatio) {
    this.maxRatio = maxRatio;
  }

  /** Keeps images whose long side is at most {@code maxRatio} times the short side. */
  public static DropExtremeAspectRatios atMost(double maxRatio) {
    if (maxRatio < 1) {
      throw new IllegalArgumentException("maxRatio must be at least 1, got " + maxRatio);
    }
    return new DropExtremeAspectRatios(maxRatio);
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    return SamplesAndRejects.apply(samples, "Check aspect ratio", new CheckFn(maxRatio));
  }

  private static final class CheckFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final double maxRatio;

    CheckFn(double maxRatio) {
      this.maxRatio = maxRatio;
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      double ratio =
          (double) Math.max(sample.width(), sample.height())
              / Math.min(sample.width(), sample.height());
      if (ratio <= maxRatio) {
        out.get(SamplesAndRejects.SAMPLES).output(sample);
      } else {
        out.get(SamplesAndRejects.REJECTS)
            .output(
                Reject.of(
                    sample,
                    "aspect",
                    String.format("aspect ratio %.2f is over %.2f", ratio, maxRatio)));
      }
    }
  }
}
