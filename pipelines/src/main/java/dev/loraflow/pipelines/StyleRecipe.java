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
 * The style recipe: captions keep most tags, since no single character is being learned; only
 * redundant or excessive tags are dropped (the guide's advice for style LoRAs). A trigger is
 * optional.
 */
@AutoValue
public abstract class StyleRecipe extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;

  abstract PTransform<PBegin, SamplesAndRejects> source();

  abstract DecodeImages decode();

  abstract Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger();

  abstract Optional<String> trigger();

  abstract List<String> redundantTags();

  abstract TagRules extraRules();

  abstract WriteKohyaDataset output();

  public static Builder builder() {
    return new AutoValue_StyleRecipe.Builder()
        .setDecode(DecodeImages.create())
        .setRedundantTags(List.of())
        .setExtraRules(TagRules.none());
  }

  /** The recipe as {@code -Dpipeline=style} runs it. */
  public static StyleRecipe from(StyleOptions options) {
    Builder builder =
        builder()
            .setSource(RecipeParts.source(options))
            .setDecode(RecipeParts.decode(options))
            .setTagger(RecipeParts.tagger(options))
            .setRedundantTags(RecipeParts.nonNull(options.getRemoveTags()))
            .setExtraRules(RecipeParts.userRules(options))
            .setOutput(RecipeParts.writer(options));
    if (options.getTrigger() != null && !options.getTrigger().isBlank()) {
      builder.setTrigger(options.getTrigger());
    }
    return builder.build();
  }

  @Override
  public PDone expand(PBegin begin) {
    TagRules styleRules =
        TagRules.none()
            .removing(redundantTags())
            .insertingFirst(trigger().map(List::of).orElse(List.of()))
            .and(extraRules());
    return begin.apply(
        "Dataset",
        DatasetRecipe.builder()
            .setSource(source())
            .setDecode(decode())
            .setTagger(tagger())
            .setCaptionRules(styleRules)
            .setOutput(output())
            .build());
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(PTransform<PBegin, SamplesAndRejects> source);

    public abstract Builder setDecode(DecodeImages decode);

    public abstract Builder setTagger(Optional<PTransform<PCollection<Sample>, SamplesAndRejects>> tagger);

    public abstract Builder setTrigger(String trigger);

    public abstract Builder setRedundantTags(List<String> tags);

    public abstract Builder setExtraRules(TagRules rules);

    public abstract Builder setOutput(WriteKohyaDataset output);

    public abstract StyleRecipe build();
  }
}
