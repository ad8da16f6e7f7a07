package dev.loraflow.transforms.model;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * What a stage that can refuse inputs produces (and what the dataset writer consumes): the samples
 * that passed and the {@link Reject}s, like Beam's {@code Call.Result} with its responses and
 * failures.
 *
 * <p>A stage's {@code DoFn} writes to {@link #SAMPLES} and {@link #REJECTS} through one {@code
 * MultiOutputReceiver}; {@link #apply} wires it up with the right coders.
 */
public final class SamplesAndRejects implements PInput, POutput {

  /** Main output: samples that passed the stage. */
  public static final TupleTag<Sample> SAMPLES = new TupleTag<>("samples") {};

  /** Side output: what the stage refused, and why. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("rejects") {};

  private final Pipeline pipeline;
  private final PCollection<Sample> samples;
  private final PCollection<Reject> rejects;

  private SamplesAndRejects(
      Pipeline pipeline, PCollection<Sample> samples, PCollection<Reject> rejects) {
    this.pipeline = pipeline;
    this.samples = samples;
    this.rejects = rejects;
  }

  /** Wraps two collections that belong together. */
  public static SamplesAndRejects of(PCollection<Sample> samples, PCollection<Reject> rejects) {
    return new SamplesAndRejects(samples.getPipeline(), samples, rejects);
  }

  /**
   * Runs {@code fn}, which writes to {@link #SAMPLES} and {@link #REJECTS}, as step {@code name}.
   */
  public static <InputT> SamplesAndRejects apply(
      PCollection<InputT> input, String name, DoFn<InputT, Sample> fn) {
    PCollectionTuple outputs =
        input.apply(name, ParDo.of(fn).withOutputTags(SAMPLES, TupleTagList.of(REJECTS)));
    return of(
        outputs.get(SAMPLES).setCoder(SampleCoder.of()),
        outputs.get(REJECTS).setCoder(RejectCoder.of()));
  }

  /**
   * Applies the next stage to these samples; the result carries that stage's samples and the
   * rejects of every stage so far. This is how recipes chain stages without losing a reject.
   */
  public SamplesAndRejects then(
      String name, PTransform<PCollection<Sample>, SamplesAndRejects> stage) {
    SamplesAndRejects next = samples.apply(name, stage);
    PCollection<Reject> all =
        PCollectionList.of(rejects)
            .and(next.rejects())
            .apply(name + " rejects", Flatten.pCollections());
    return of(next.samples(), all.setCoder(RejectCoder.of()));
  }

  /** Applies a stage that cannot refuse (e.g. tag rules) to the samples, keeping the rejects. */
  public SamplesAndRejects map(
      String name, PTransform<PCollection<Sample>, PCollection<Sample>> stage) {
    return of(samples.apply(name, stage), rejects);
  }

  /** Applies a transform that consumes both collections, such as the dataset writer. */
  public <OutputT extends POutput> OutputT apply(
      String name, PTransform<? super SamplesAndRejects, OutputT> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  public PCollection<Sample> samples() {
    return samples;
  }

  public PCollection<Reject> rejects() {
    return rejects;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(SAMPLES, samples, REJECTS, rejects);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {
    // Both collections are finished by the ParDo or Flatten that made them.
  }
}
