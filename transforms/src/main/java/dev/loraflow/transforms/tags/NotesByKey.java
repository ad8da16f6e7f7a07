package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.ReportNoteCoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * One report note per finding, from the (finding, sample id) pairs a caption stage emits: a tag
 * dropped in 40 images is one note naming the 40, not 40 notes.
 */
final class NotesByKey
    extends PTransform<PCollection<KV<String, String>>, PCollection<ReportNote>> {
  private static final long serialVersionUID = 1L;

  /** The note of one finding, given the ids of its samples, sorted. */
  @FunctionalInterface
  interface Note extends Serializable {
    ReportNote of(String finding, List<String> sampleIds);
  }

  /** The coder of the (finding, sample id) pairs; set by the stage that makes them. */
  static final KvCoder<String, String> FINDINGS =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private final Note note;

  NotesByKey(Note note) {
    this.note = note;
  }

  @Override
  public PCollection<ReportNote> expand(PCollection<KV<String, String>> findings) {
    return findings
        .apply("Group by finding", GroupByKey.create())
        .apply("Write notes", ParDo.of(new NoteFn(note)))
        .setCoder(ReportNoteCoder.of());
  }

  private static final class NoteFn extends DoFn<KV<String, Iterable<String>>, ReportNote> {
    private static final long serialVersionUID = 1L;
    private final Note note;

    NoteFn(Note note) {
      this.note = note;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<String>> finding, OutputReceiver<ReportNote> out) {
      List<String> ids = new ArrayList<>();
      finding.getValue().forEach(ids::add);
      ids.sort(null);
      out.output(note.of(finding.getKey(), List.copyOf(ids)));
    }
  }
}
