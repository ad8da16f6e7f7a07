package dev.loraflow.transforms.model;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A stage that makes a new sample of each one, or refuses it: the {@link Mapping} throws a {@link
 * SampleRejectedException}, whose message becomes the reason of the stage's {@link Reject}.
 */
public final class SampleMapper extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** Makes the stage's sample of one input. */
  @FunctionalInterface
  public interface Mapping extends Serializable {
    Sample apply(Sample sample) throws SampleRejectedException;
  }

  private final String stage;
  private final String stepName;
  private final Mapping mapping;

  private SampleMapper(String stage, String stepName, Mapping mapping) {
    this.stage = stage;
    this.stepName = stepName;
    this.mapping = mapping;
  }

  /**
   * Maps every sample with {@code mapping} in a step named {@code stepName}; what it refuses is
   * rejected by stage {@code stage}.
   */
  public static SampleMapper of(String stage, String stepName, Mapping mapping) {
    return new SampleMapper(stage, stepName, mapping);
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    return SamplesAndRejects.apply(samples, stepName, new MapFn(stage, mapping));
  }

  private static final class MapFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final Mapping mapping;

    MapFn(String stage, Mapping mapping) {
      this.stage = stage;
      this.mapping = mapping;
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      try {
        out.get(SamplesAndRejects.SAMPLES).output(mapping.apply(sample));
      } catch (SampleRejectedException e) {
        out.get(SamplesAndRejects.REJECTS).output(Reject.of(sample, stage, e.getMessage()));
      }
    }
  }
}
