package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.image.WhiteSquare;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tagging.onnx.CaptionRules;
import dev.loraflow.transforms.tagging.onnx.Captioner;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import dev.loraflow.transforms.tagging.onnx.Wd14Model;
import dev.loraflow.transforms.tagging.onnx.Wd14Prediction;
import dev.loraflow.transforms.tags.TagRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Tags samples with WD14, a batch at a time, keeping the model busy.
 *
 * <p>Each element's decode and resize go to a small thread pool as soon as it arrives; the model
 * runs on the oldest full batch only once the next batch is queued behind it, so preprocessing of
 * batch n+1 overlaps inference of batch n (the Python taggers do these one after the other, which
 * leaves the model idle). Results are emitted when their batch has run; the rest at the end of the
 * bundle, each with its own timestamp and window.
 *
 * <p>The session and pool are the JVM's {@link SharedModel}, taken in {@code @Setup} and let go in
 * {@code @Teardown}; only the serializable settings travel with the function.
 */
final class TagImagesFn extends DoFn<Sample, Sample> {

  static final String STAGE = "wd14";

  private final ModelSource source;
  private final InferenceSettings settings;
  private final CaptionRules rules;
  private final TagRule captionEdits;
  private final MergeMode mergeMode;

  private transient SharedModel shared;
  private transient Wd14Model model;
  private transient Captioner captioner;
  private transient ExecutorService preprocessing;
  private transient Deque<Pending> queued;
  private transient List<Pending> finished;

  TagImagesFn(
      ModelSource source,
      InferenceSettings settings,
      CaptionRules rules,
      TagRule captionEdits,
      MergeMode mergeMode) {
    this.source = source;
    this.settings = settings;
    this.rules = rules;
    this.captionEdits = captionEdits;
    this.mergeMode = mergeMode;
  }

  @Setup
  public void setup() throws Exception {
    shared = SharedModel.acquire(source, settings);
    model = shared.model();
    preprocessing = shared.preprocessing();
    captioner = model.format().captioner(model.labels(), rules);
  }

  @StartBundle
  public void startBundle() {
    queued = new ArrayDeque<>();
    finished = new ArrayList<>();
  }

  @ProcessElement
  public void process(
      @Element Sample sample,
      @Timestamp Instant timestamp,
      BoundedWindow window,
      MultiOutputReceiver out)
      throws Exception {
    if (mergeMode.skips(sample)) {
      out.get(SamplesAndRejects.SAMPLES).output(sample);
      return;
    }
    int size = model.inputSize();
    queued.add(
        new Pending(
            sample,
            timestamp,
            window,
            preprocessing.submit(() -> WhiteSquare.prepare(sample.bytes(), size))));
    // Run the oldest batch only when a whole batch waits behind it, so preprocessing never stalls.
    while (queued.size() >= 2 * model.batchSize()) {
      for (Pending done : runBatch()) {
        if (done.timestamp.equals(timestamp) && done.window.equals(window)) {
          done.emit(out);
        } else {
          finished.add(done);
        }
      }
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws Exception {
    while (!queued.isEmpty()) {
      finished.addAll(runBatch());
    }
    for (Pending done : finished) {
      if (done.result instanceof Sample tagged) {
        context.output(SamplesAndRejects.SAMPLES, tagged, done.timestamp, done.window);
      } else {
        context.output(
            SamplesAndRejects.REJECTS, (Reject) done.result, done.timestamp, done.window);
      }
    }
    finished.clear();
  }

  @Teardown
  public void teardown() throws Exception {
    if (shared != null) {
      shared.release();
    }
  }

  /** Runs the oldest batch of queued elements; unreadable images become rejects. */
  private List<Pending> runBatch() throws Exception {
    List<Pending> batch = new ArrayList<>();
    while (!queued.isEmpty() && batch.size() < model.batchSize()) {
      batch.add(queued.poll());
    }
    List<Pending> images = new ArrayList<>();
    List<ByteImage> inputs = new ArrayList<>();
    for (Pending p : batch) {
      try {
        inputs.add(p.input.get());
        images.add(p);
      } catch (ExecutionException e) {
        p.result =
            Reject.of(p.sample, STAGE, "Cannot read image for WD14: " + reason(e.getCause()));
      }
    }
    if (!inputs.isEmpty()) {
      float[][] scores = model.run(inputs);
      for (int i = 0; i < images.size(); i++) {
        Pending p = images.get(i);
        Wd14Prediction prediction = captioner.caption(scores[i]);
        // Edited before the merge, as kohya edits its tags before appending them to a caption.
        Wd14Prediction edited =
            new Wd14Prediction(
                prediction.rating(), prediction.tags(), captionEdits.apply(prediction.caption()));
        p.result = mergeMode.merge(p.sample, edited);
      }
    }
    return batch;
  }

  private static String reason(Throwable cause) {
    if (cause instanceof Error error) {
      throw error; // out of memory and the like are no fault of the image
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /** One element on its way through: its input being prepared, then its result. */
  private static final class Pending {
    final Sample sample;
    final Instant timestamp;
    final BoundedWindow window;
    final Future<ByteImage> input;
    Object result;

    Pending(Sample sample, Instant timestamp, BoundedWindow window, Future<ByteImage> input) {
      this.sample = sample;
      this.timestamp = timestamp;
      this.window = window;
      this.input = input;
    }

    void emit(MultiOutputReceiver out) {
      if (result instanceof Sample tagged) {
        out.get(SamplesAndRejects.SAMPLES).output(tagged);
      } else {
        out.get(SamplesAndRejects.REJECTS).output((Reject) result);
      }
    }
  }
}
