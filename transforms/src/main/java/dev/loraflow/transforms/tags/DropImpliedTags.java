package dev.loraflow.transforms.tags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.knowledge.Implications;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Drops from every caption the tags another tag of it implies ({@link ImpliedTags}): the guide's
 * advice to prune redundant tags, done from Danbooru's implications ({@code very long hair} ⇒ drop
 * {@code long hair}) or, without them, the colour + item rule ({@code red bow} ⇒ drop {@code bow}).
 * Every dropped tag is in the report: section {@value #SECTION} of {@code tags-report.json}, one
 * note per tag and the tag implying it, with the images.
 *
 * <pre>{@code
 * tagged.then("Drop implied tags", DropImpliedTags.using(knowledge.implied()));
 * }</pre>
 */
public final class DropImpliedTags extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** The report section of the dropped tags. */
  public static final String SECTION = "impliedTags";

  private static final TupleTag<KV<String, String>> DROPS = new TupleTag<>("drops") {};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImpliedTags rule;

  private DropImpliedTags(ImpliedTags rule) {
    this.rule = rule;
  }

  public static DropImpliedTags using(Implications implications) {
    return new DropImpliedTags(ImpliedTags.by(implications));
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    PCollectionTuple out =
        samples.apply(
            "Drop implied tags",
            ParDo.of(new DropFn(rule))
                .withOutputTags(SamplesAndRejects.SAMPLES, TupleTagList.of(DROPS)));
    String source = rule.implications().source();
    PCollection<ReportNote> notes =
        out.get(DROPS)
            .setCoder(NotesByKey.FINDINGS)
            .apply("Report implied tags", new NotesByKey((key, ids) -> note(key, ids, source)));
    return SamplesAndRejects.of(
            out.get(SamplesAndRejects.SAMPLES).setCoder(SampleCoder.of()),
            samples.getPipeline().apply("No rejects", Create.empty(RejectCoder.of())))
        .withNotes(notes);
  }

  // The finding is "tag\nimplied by": tags hold no line breaks once normalized.
  private static ReportNote note(String finding, List<String> ids, String source) {
    String[] parts = finding.split("\n", 2);
    ObjectNode json = JSON.createObjectNode().put("tag", parts[0]).put("impliedBy", parts[1]);
    json.put("source", source).put("count", ids.size());
    ids.forEach(json.putArray("images")::add);
    return new ReportNote(SECTION, finding, json.toString());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("implications", rule.implications().source()));
  }

  private static final class DropFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final ImpliedTags rule;

    DropFn(ImpliedTags rule) {
      this.rule = rule;
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      Map<String, String> dropped = rule.dropped(sample.caption());
      if (dropped.isEmpty()) {
        out.get(SamplesAndRejects.SAMPLES).output(sample);
        return;
      }
      dropped.forEach((tag, by) -> out.get(DROPS).output(KV.of(tag + "\n" + by, sample.id())));
      out.get(SamplesAndRejects.SAMPLES)
          .output(sample.toBuilder().setCaption(rule.apply(sample.caption())).build());
    }
  }
}
