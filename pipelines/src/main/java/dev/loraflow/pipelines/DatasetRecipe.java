package dev.loraflow.pipelines;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.image.DedupeExact;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.ApplyTagRules;
import dev.loraflow.transforms.tags.TagRules;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The steps every dataset recipe takes, from a source to a kohya folder; recipes differ in their
 * caption rules. Every stage's rejects travel along to {@code rejects.jsonl}.
 */
@AutoValue
public abstract class DatasetRecipe extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;

  abstract PTransform<PBegin, SamplesAndRejects> source();

  abstract DecodeImages decode();

  /** Drops copies of one picture in different files (resized, re-encoded); absent, none. */
  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> nearDuplicates();

  /** Tags the images (e.g. WD14); absent, the source's captions are used as they are. */
  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger();

  abstract TagRules captionRules();

  /** Prunes the character's permanent traits, found from the whole dataset; absent, none. */
  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> coreTraits();

  /** Flags (and may fix) caption tags that are no known tags; absent, none are checked. */
  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> vocabularyCheck();

  /** Drops tags another tag of the caption implies; absent, they stay. */
  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> impliedTags();

  abstract WriteKohyaDataset output();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_DatasetRecipe.Builder()
        .setDecode(DecodeImages.create())
        .setCaptionRules(TagRules.none());
  }

  @Override
  public PDone expand(PBegin begin) {
    SamplesAndRejects unique =
        begin
            // Images and their captions from the source (folder or booru).
            .apply("Read source", source())
            // Decode every image; reject broken files, tiny images and decompression bombs.
            .then("Decode and validate", decode())
            // The same file twice is one image: keep the first by id.
            .then("Drop exact duplicates", DedupeExact.create());
    // The same picture resized, recompressed or slightly cropped: keep its best copy.
    SamplesAndRejects distinct =
        nearDuplicates().isPresent()
            ? unique.then("Drop near-duplicates", nearDuplicates().get())
            : unique;
    // Caption the images with a tagger model, where the recipe has one.
    SamplesAndRejects tagged =
        tagger().isPresent() ? distinct.then("Tag images", tagger().get()) : distinct;
    SamplesAndRejects captioned =
        // Normalize tags and apply the recipe's caption rules.
        tagged.map("Caption rules", ApplyTagRules.with(captionRules()));
    // Drop what the character always has, so the trigger comes to mean it.
    SamplesAndRejects characterised =
        coreTraits().isPresent()
            ? captioned.then("Prune core traits", coreTraits().get())
            : captioned;
    // Flag tags that do not exist (fixing the clear ones first, so their implications count).
    SamplesAndRejects checked =
        vocabularyCheck().isPresent()
            ? characterised.then("Check tag vocabulary", vocabularyCheck().get())
            : characterised;
    // Drop the tags another tag of the caption implies.
    SamplesAndRejects pruned =
        impliedTags().isPresent()
            ? checked.then("Drop implied tags", impliedTags().get())
            : checked;
    // img/{repeats}_{name}/ with image + .txt, dataset.json, rejects.jsonl, tags-report.json.
    return pruned.apply("Write kohya dataset", output());
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(PTransform<PBegin, SamplesAndRejects> source);

    public abstract Builder setDecode(DecodeImages decode);

    public abstract Builder setNearDuplicates(
        Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> nearDuplicates);

    public abstract Builder setTagger(
        Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger);

    public abstract Builder setCaptionRules(TagRules rules);

    public abstract Builder setCoreTraits(
        Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> traits);

    public abstract Builder setVocabularyCheck(
        Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> check);

    public abstract Builder setImpliedTags(
        Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> pruning);

    public abstract Builder setOutput(WriteKohyaDataset output);

    public abstract DatasetRecipe build();
  }
}
