package dev.loraflow.transforms.tags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.model.TagNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's character tagging: captions keep what varies between pictures and drop what the
 * character always has, so the trigger comes to mean her whole default look ("if they always have
 * white hair, remove white_hair").
 *
 * <p>From how many images have each tag, an appearance tag ({@link AppearanceTags}: hair, eyes,
 * body, the parts of an outfit) in at least {@link #withMinShare} of them is part of the base form
 * and is removed from every caption; a tag that is not (the bikini of one picture, the blonde hair
 * of another) stays where it is. Composition, pose, expression and background tags ({@code 1girl},
 * {@code solo}, {@code looking at viewer}, {@code blush}) stay however frequent. Where the source
 * gave tag categories (a booru), copyright, artist and meta tags go too, and so does the
 * character's own tag when the trigger is another word. The trigger goes first.
 *
 * <p>Every removed tag is a {@link PrunedTrait} note in {@code tags-report.json}, with its count,
 * share and reason. A dataset of fewer than two images has no frequencies to go by: nothing is
 * pruned automatically, and a note in {@value #WARNINGS} says so.
 *
 * <pre>{@code
 * SamplesAndRejects pruned = tagged.then("Core traits",
 *     PruneCoreTraits.forTrigger("hakurei reimu").withKeepTags(List.of("red bow")));
 * }</pre>
 */
public final class PruneCoreTraits extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PruneCoreTraits.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The share of images an appearance tag needs to count as permanent: most of them. */
  public static final double DEFAULT_MIN_SHARE = 0.6;

  /** The report section of the stages' warnings. */
  public static final String WARNINGS = "warnings";

  /** This stage's name in its warnings. */
  public static final String STAGE = "coreTraits";

  private final BaseForm settings;

  private PruneCoreTraits(BaseForm settings) {
    this.settings = settings;
  }

  /** Prunes the base form of the character called {@code trigger}, which is put first. */
  public static PruneCoreTraits forTrigger(String trigger) {
    String normalized = TagNames.normalize(trigger == null ? "" : trigger);
    if (normalized.isEmpty()) {
      throw new IllegalArgumentException("PruneCoreTraits.forTrigger: the trigger is empty");
    }
    return new PruneCoreTraits(
        new BaseForm(
            normalized,
            DEFAULT_MIN_SHARE,
            AppearanceTags.defaults(),
            Set.of(),
            Set.of(),
            Map.of()));
  }

  /** An appearance tag in at least this share of the images (above 0, at most 1) is pruned. */
  public PruneCoreTraits withMinShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "PruneCoreTraits.withMinShare: share must be above 0 and at most 1, got " + share);
    }
    return new PruneCoreTraits(settings.withMinShare(share));
  }

  /** The tags that may be part of the base form (default {@link AppearanceTags#defaults()}). */
  public PruneCoreTraits withAppearanceTags(AppearanceTags appearance) {
    return new PruneCoreTraits(settings.withAppearance(appearance));
  }

  /** Tags never pruned, however frequent (e.g. a trait the user wants to keep prompting). */
  public PruneCoreTraits withKeepTags(List<String> tags) {
    return new PruneCoreTraits(settings.withKeep(normalized(tags)));
  }

  /** Tags pruned besides those found, in any dataset (even one image). */
  public PruneCoreTraits withRemoveTags(List<String> tags) {
    return new PruneCoreTraits(settings.withRemove(normalized(tags)));
  }

  /**
   * The categories of tags whose samples carry none, as a folder's captions do (e.g. {@code
   * TagKnowledge#categories}, Danbooru's): with them, copyright, artist and meta tags go and the
   * character's own tag is known, as from a booru. Categories a sample carries win.
   */
  public PruneCoreTraits withKnownCategories(Map<String, TagCategory> categories) {
    Map<String, TagCategory> known = new HashMap<>();
    categories.forEach((tag, category) -> known.put(TagNames.normalize(tag), category));
    return new PruneCoreTraits(settings.withKnown(known));
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    Set<String> both = new HashSet<>(settings.keep());
    both.retainAll(settings.remove());
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(
          "PruneCoreTraits: " + both + " both kept (withKeepTags) and removed (withRemoveTags)");
    }
    BaseForm form = settings;
    PCollection<BaseForm.Decision> decision =
        samples
            .apply("Count tags", Combine.globally(TagCounts.perDataset()))
            .apply(
                "Find the base form",
                MapElements.into(TypeDescriptor.of(BaseForm.Decision.class))
                    .via(counts -> logged(form.decide(counts))))
            .setCoder(SerializableCoder.of(BaseForm.Decision.class));
    PCollectionView<TagRule> rule =
        decision
            .apply(
                "Caption rule",
                MapElements.into(TypeDescriptor.of(TagRule.class)).via(d -> form.rule(d)))
            .setCoder(SerializableCoder.of(TagRule.class))
            .apply("As side input", View.asSingleton());
    PCollection<ReportNote> notes =
        decision.apply(
            "Report", FlatMapElements.into(TypeDescriptor.of(ReportNote.class)).via(d -> notes(d)));
    PCollection<Sample> pruned = samples.apply("Prune captions", ApplyTagRules.fromView(rule));
    return SamplesAndRejects.of(
            pruned, samples.getPipeline().apply("No rejects", Create.empty(RejectCoder.of())))
        .withNotes(notes);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("trigger", settings.trigger()))
        .add(DisplayData.item("minShare", settings.minShare()))
        .add(DisplayData.item("appearanceTags", settings.appearance().toString()))
        .add(DisplayData.item("keepTags", String.join(", ", settings.keep())))
        .add(DisplayData.item("removeTags", String.join(", ", settings.remove())))
        .add(DisplayData.item("knownCategories", settings.known().size()));
  }

  private static Set<String> normalized(List<String> tags) {
    return Set.copyOf(new NormalizeTags().apply(tags));
  }

  private static BaseForm.Decision logged(BaseForm.Decision decision) {
    decision.warning().ifPresent(LOG::warn);
    decision
        .pruned()
        .forEach(
            t ->
                LOG.info(
                    "Pruned '{}' from every caption ({} of {} images): {}",
                    t.tag(),
                    t.images(),
                    t.of(),
                    t.why()));
    return decision;
  }

  private static List<ReportNote> notes(BaseForm.Decision decision) {
    List<ReportNote> notes = new ArrayList<>();
    decision.pruned().forEach(trait -> notes.add(trait.toNote()));
    decision.warning().ifPresent(text -> notes.add(warning(text)));
    return notes;
  }

  private static ReportNote warning(String text) {
    try {
      return new ReportNote(
          WARNINGS,
          STAGE,
          JSON.writeValueAsString(
              JSON.createObjectNode().put("stage", STAGE).put("message", text)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
