package dev.loraflow.transforms.model;

import java.io.Serializable;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A stage that keeps or refuses each sample on its own, as waifuc's filters do: the {@link Check}
 * says why a sample is refused, and the refused ones become {@link Reject}s of the stage.
 *
 * <pre>{@code
 * SampleFilter.of("size", sample -> sample.width() < 512
 *     ? Optional.of("narrower than 512 px") : Optional.empty());
 * }</pre>
 */
public final class SampleFilter extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** Judges one sample. */
  @FunctionalInterface
  public interface Check extends Serializable {
    /** Why {@code sample} is refused, a sentence for the rejects report; empty to keep it. */
    Optional<String> rejection(Sample sample);
  }

  private final String stage;
  private final Check check;

  private SampleFilter(String stage, Check check) {
    this.stage = stage;
    this.check = check;
  }

  /** Refuses, as stage {@code stage}, the samples {@code check} gives a reason for. */
  public static SampleFilter of(String stage, Check check) {
    return new SampleFilter(stage, check);
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    return SamplesAndRejects.apply(samples, "Filter " + stage, new FilterFn(stage, check));
  }

  private static final class FilterFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final Check check;

    FilterFn(String stage, Check check) {
      this.stage = stage;
      this.check = check;
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      Optional<String> rejection = check.rejection(sample);
      if (rejection.isEmpty()) {
        out.get(SamplesAndRejects.SAMPLES).output(sample);
      } else {
        out.get(SamplesAndRejects.REJECTS).output(Reject.of(sample, stage, rejection.get()));
      }
    }
  }
}
