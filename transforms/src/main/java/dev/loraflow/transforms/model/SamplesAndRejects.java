package dev.loraflow.transforms.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
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
 * failures, and the {@link ReportNote}s of every stage so far.
 *
 * <p>A stage's {@code DoFn} writes to {@link #SAMPLES}, {@link #REJECTS} and {@link #NOTES} through
 * one {@code MultiOutputReceiver}; {@link #apply} wires it up with the right coders.
 */
public final class SamplesAndRejects implements PInput, POutput {

  /** Main output: samples that passed the stage. */
  public static final TupleTag<Sample> SAMPLES = new TupleTag<>("samples") {};

  /** Side output: what the stage refused, and why. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("rejects") {};

  /** Side output: what the stage did and why, for the dataset's report. */
  public static final TupleTag<ReportNote> NOTES = new TupleTag<>("notes") {};

  private final Pipeline pipeline;
  private final PCollection<Sample> samples;
  private final PCollection<Reject> rejects;
  // One collection per stage that wrote notes; flattened once, by whoever reads them.
  private final List<PCollection<ReportNote>> notes;

  private SamplesAndRejects(
      Pipeline pipeline,
      PCollection<Sample> samples,
      PCollection<Reject> rejects,
      List<PCollection<ReportNote>> notes) {
    this.pipeline = pipeline;
    this.samples = samples;
    this.rejects = rejects;
    this.notes = List.copyOf(notes);
  }

  /** Wraps two collections that belong together, without notes. */
  public static SamplesAndRejects of(PCollection<Sample> samples, PCollection<Reject> rejects) {
    return new SamplesAndRejects(samples.getPipeline(), samples, rejects, List.of());
  }

  /** These samples and rejects, with {@code more} notes besides the ones they carry. */
  public SamplesAndRejects withNotes(PCollection<ReportNote> more) {
    List<PCollection<ReportNote>> all = new ArrayList<>(notes);
    all.add(more.setCoder(ReportNoteCoder.of()));
    return new SamplesAndRejects(pipeline, samples, rejects, all);
  }

  /**
   * Runs {@code fn}, which writes to {@link #SAMPLES}, {@link #REJECTS} and (if it has something to
   * report) {@link #NOTES}, as step {@code name}.
   */
  public static <InputT> SamplesAndRejects apply(
      PCollection<InputT> input, String name, DoFn<InputT, Sample> fn) {
    PCollectionTuple outputs =
        input.apply(
            name, ParDo.of(fn).withOutputTags(SAMPLES, TupleTagList.of(REJECTS).and(NOTES)));
    return of(
            outputs.get(SAMPLES).setCoder(SampleCoder.of()),
            outputs.get(REJECTS).setCoder(RejectCoder.of()))
        .withNotes(outputs.get(NOTES));
  }

  /**
   * Applies the next stage to these samples; the result carries that stage's samples and the
   * rejects and notes of every stage so far. This is how recipes chain stages without losing a
   * reject.
   */
  public SamplesAndRejects then(
      String name, PTransform<PCollection<Sample>, SamplesAndRejects> stage) {
    SamplesAndRejects next = samples.apply(name, stage);
    PCollection<Reject> all =
        PCollectionList.of(rejects)
            .and(next.rejects())
            .apply(name + " rejects", Flatten.pCollections());
    List<PCollection<ReportNote>> allNotes = new ArrayList<>(notes);
    allNotes.addAll(next.notes);
    return new SamplesAndRejects(
        pipeline, next.samples(), all.setCoder(RejectCoder.of()), allNotes);
  }

  /**
   * Applies a stage that cannot refuse (e.g. tag rules) to the samples, keeping the rejects and
   * notes.
   */
  public SamplesAndRejects map(
      String name, PTransform<PCollection<Sample>, PCollection<Sample>> stage) {
    return new SamplesAndRejects(pipeline, samples.apply(name, stage), rejects, notes);
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

  /** The notes of every stage so far, as one collection (step {@code name} when there are any). */
  public PCollection<ReportNote> notes(String name) {
    PCollection<ReportNote> all =
        notes.isEmpty()
            ? pipeline.apply(name, Create.empty(ReportNoteCoder.of()))
            : PCollectionList.of(notes).apply(name, Flatten.pCollections());
    return all.setCoder(ReportNoteCoder.of());
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> values = new LinkedHashMap<>();
    values.put(SAMPLES, samples);
    values.put(REJECTS, rejects);
    for (int i = 0; i < notes.size(); i++) {
      values.put(new TupleTag<ReportNote>("notes" + i), notes.get(i));
    }
    return values;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {
    // Every collection is finished by the ParDo or Flatten that made it.
  }
}
