package dev.loraflow.pipelines;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tags.TagRules;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The character recipe: a kohya dataset whose captions teach one word, the trigger, to mean the
 * character's whole default look.
 *
 * <p>The guide's rule: a caption keeps only what varies between images (pose, framing, expression,
 * background, outfit changes) and drops what the character always has (her hair, her eyes, her
 * signature outfit). Those permanent traits are given as a list; the trigger goes first.
 */
@AutoValue
public abstract class CharacterRecipe extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;

  abstract PTransform<PBegin, SamplesAndRejects> source();

  abstract DecodeImages decode();

  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger();

  abstract String trigger();

  abstract List<String> permanentTraits();

  abstract TagRules extraRules();

  abstract WriteKohyaDataset output();

  public static Builder builder() {
    return new AutoValue_CharacterRecipe.Builder()
        .setDecode(DecodeImages.create())
        .setPermanentTraits(List.of())
        .setExtraRules(TagRules.none());
  }

  /** The recipe as {@code -Dpipeline=character} runs it. */
  public static CharacterRecipe from(CharacterOptions options) {
    if (options.getTrigger() == null || options.getTrigger().isBlank()) {
      throw new IllegalArgumentException("--trigger is required: the character's tag, put first in every caption");
    }
    return builder()
        .setSource(RecipeParts.source(options))
        .setDecode(RecipeParts.decode(options))
            .setTagger(RecipeParts.tagger(options))
        .setTrigger(options.getTrigger())
        .setPermanentTraits(RecipeParts.nonNull(options.getRemoveTags()))
        .setExtraRules(RecipeParts.userRules(options))
        .setOutput(RecipeParts.writer(options))
        .build();
  }

  @Override
  public PDone expand(PBegin begin) {
    // The guide: drop what the character always has, so the trigger comes to mean it; trigger first.
    TagRules characterRules =
        TagRules.none().removing(permanentTraits()).insertingFirst(List.of(trigger())).and(extraRules());
    return begin.apply(
        "Dataset",
        DatasetRecipe.builder()
            .setSource(source())
            .setDecode(decode())
            .setTagger(tagger())
            .setCaptionRules(characterRules)
            .setOutput(output())
            .build());
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(PTransform<PBegin, SamplesAndRejects> source);

    public abstract Builder setDecode(DecodeImages decode);

    public abstract Builder setTagger(Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger);

    public abstract Builder setTrigger(String trigger);

    public abstract Builder setPermanentTraits(List<String> traits);

    public abstract Builder setExtraRules(TagRules rules);

    public abstract Builder setOutput(WriteKohyaDataset output);

    public abstract CharacterRecipe build();
  }
}
