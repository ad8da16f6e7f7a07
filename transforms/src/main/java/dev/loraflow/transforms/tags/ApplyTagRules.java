package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.Sample;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;

/**
 * Rewrites every sample's caption with a {@link TagRules}: the batch text replacer step of the
 * guide, on the whole dataset at once. Tags in {@code Sample.tags()} are left as the source gave
 * them; only the caption changes.
 *
 * <pre>{@code
 * samples.apply(ApplyTagRules.with(TagRules.none().removing(List.of("red hair")).insertingFirst(List.of("chun-li"))));
 * }</pre>
 */
public final class ApplyTagRules extends PTransform<PCollection<Sample>, PCollection<Sample>> {
  private static final long serialVersionUID = 1L;

  private final TagRules rules;

  private ApplyTagRules(TagRules rules) {
    this.rules = rules;
  }

  public static ApplyTagRules with(TagRules rules) {
    return new ApplyTagRules(rules);
  }

  @Override
  public PCollection<Sample> expand(PCollection<Sample> samples) {
    return samples.apply("Rewrite captions", ParDo.of(new RewriteFn(rules)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(
            DisplayData.item("remove", String.join(", ", rules.removed()))
                .withLabel("Removed tags"))
        .add(
            DisplayData.item("first", String.join(", ", rules.insertedFirst()))
                .withLabel("Tags put first"))
        .add(
            DisplayData.item("last", String.join(", ", rules.insertedLast()))
                .withLabel("Tags put last"))
        .add(
            DisplayData.item("replace", rules.replacements().toString()).withLabel("Replacements"));
  }

  private static final class RewriteFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final TagRules rules;

    RewriteFn(TagRules rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element Sample sample, OutputReceiver<Sample> out) {
      out.output(sample.toBuilder().setCaption(rules.apply(sample.caption())).build());
    }
  }
}
