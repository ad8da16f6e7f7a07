package dev.loraflow.transforms.tags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.knowledge.Suggestion;
import dev.loraflow.transforms.tags.knowledge.TagSuggestions;
import dev.loraflow.transforms.tags.knowledge.TagVocabulary;
import java.util.Collection;
import java.util.List;
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
 * Flags every caption tag that is no known tag (the guide: "red_boots isn't a real tag; instead you
 * would do red footwear, boots"), against a {@link TagVocabulary}: Danbooru's tags, a WD14 model's
 * labels, or both. Each unknown tag is a note in section {@value #SECTION} of {@code
 * tags-report.json} with its images and real tags to write instead ({@link TagSuggestions}); {@link
 * #withFixes} applies the clear ones to the captions, and the note says it did.
 *
 * <pre>{@code
 * rules.then("Check tag vocabulary",
 *     CheckTagVocabulary.against(knowledge.vocabulary()).allowing(List.of(trigger)).withFixes(true));
 * }</pre>
 */
public final class CheckTagVocabulary extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** The report section of the unknown tags. */
  public static final String SECTION = "unknownTags";

  private static final TupleTag<KV<String, String>> UNKNOWN = new TupleTag<>("unknown") {};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UnknownTags check;
  private final boolean fix;

  private CheckTagVocabulary(UnknownTags check, boolean fix) {
    this.check = check;
    this.fix = fix;
  }

  /** Reports the tags {@code vocabulary} does not know; changes no caption. */
  public static CheckTagVocabulary against(TagVocabulary vocabulary) {
    return new CheckTagVocabulary(UnknownTags.in(vocabulary), false);
  }

  /** Takes {@code tags} as known: the trigger, and tags the recipe adds on purpose. */
  public CheckTagVocabulary allowing(Collection<String> tags) {
    return new CheckTagVocabulary(check.allowing(tags), fix);
  }

  /** Whether the clear suggestions replace the unknown tags in the captions. */
  public CheckTagVocabulary withFixes(boolean apply) {
    return new CheckTagVocabulary(check, apply);
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    PCollectionTuple out =
        samples.apply(
            "Find unknown tags",
            ParDo.of(new CheckFn(check, fix))
                .withOutputTags(SamplesAndRejects.SAMPLES, TupleTagList.of(UNKNOWN)));
    UnknownTags suggestions = check;
    boolean fixes = fix;
    PCollection<ReportNote> notes =
        out.get(UNKNOWN)
            .setCoder(NotesByKey.FINDINGS)
            .apply(
                "Report unknown tags",
                new NotesByKey((tag, ids) -> note(tag, ids, suggestions, fixes)));
    return SamplesAndRejects.of(
            out.get(SamplesAndRejects.SAMPLES).setCoder(SampleCoder.of()),
            samples.getPipeline().apply("No rejects", Create.empty(RejectCoder.of())))
        .withNotes(notes);
  }

  private static ReportNote note(String tag, List<String> ids, UnknownTags check, boolean fixes) {
    TagSuggestions.Result result = check.suggest(tag);
    ObjectNode json = JSON.createObjectNode().put("tag", tag).put("count", ids.size());
    ids.forEach(json.putArray("images")::add);
    json.put("unknownTo", check.vocabulary().description());
    ArrayNode suggestions = json.putArray("suggestions");
    for (Suggestion suggestion : result.suggestions()) {
      ObjectNode entry = suggestions.addObject().put("kind", suggestion.kind());
      suggestion.tags().forEach(entry.putArray("tags")::add);
      entry.put("postCount", suggestion.postCount());
    }
    if (result.fix().isPresent()) {
      ArrayNode clear = json.putArray("fix");
      result.fix().get().tags().forEach(clear::add);
    }
    json.put("fixed", fixes && result.fix().isPresent());
    return new ReportNote(SECTION, tag, json.toString());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("vocabulary", check.vocabulary().description()))
        .add(DisplayData.item("fixTags", fix));
  }

  private static final class CheckFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final UnknownTags check;
    private final boolean fix;

    CheckFn(UnknownTags check, boolean fix) {
      this.check = check;
      this.fix = fix;
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      List<String> unknown = check.find(sample.caption());
      unknown.forEach(tag -> out.get(UNKNOWN).output(KV.of(tag, sample.id())));
      Sample kept =
          fix && !unknown.isEmpty()
              ? sample.toBuilder().setCaption(check.apply(sample.caption())).build()
              : sample;
      out.get(SamplesAndRejects.SAMPLES).output(kept);
    }
  }
}
