package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.Sample;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rewrites every sample's caption with a {@link TagRule} (usually {@link TagRules}): the batch text
 * replacer step of the guide, on the whole dataset at once. Tags in {@code Sample.tags()} are left
 * as the source gave them; only the caption changes.
 *
 * <pre>{@code
 * samples.apply(ApplyTagRules.with(TagRules.none().removing(List.of("red hair")).insertingFirst(List.of("chun-li"))));
 * }</pre>
 *
 * <p>A rule that needs the whole dataset (tag frequencies, say) is decided first, as a singleton
 * view, and then applied to each caption with {@link #fromView}.
 */
public final class ApplyTagRules extends PTransform<PCollection<Sample>, PCollection<Sample>> {
  private static final long serialVersionUID = 1L;

  private final @Nullable TagRule rule;
  private final @Nullable PCollectionView<? extends TagRule> view;

  private ApplyTagRules(@Nullable TagRule rule, @Nullable PCollectionView<? extends TagRule> view) {
    this.rule = rule;
    this.view = view;
  }

  /** Applies {@code rule} to every caption. */
  public static ApplyTagRules with(TagRule rule) {
    return new ApplyTagRules(rule, null);
  }

  /** Applies the rule in {@code view} (a singleton, e.g. decided from the dataset's tag counts). */
  public static ApplyTagRules fromView(PCollectionView<? extends TagRule> view) {
    return new ApplyTagRules(null, view);
  }

  @Override
  public PCollection<Sample> expand(PCollection<Sample> samples) {
    if (view == null) {
      return samples.apply("Rewrite captions", ParDo.of(new RewriteFn(rule)));
    }
    return samples.apply(
        "Rewrite captions", ParDo.of(new RewriteWithViewFn(view)).withSideInputs(List.of(view)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    if (rule != null) {
      builder.add(DisplayData.item("rules", rule.toString()).withLabel("Caption rules"));
    }
  }

  private static final class RewriteFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final TagRule rule;

    RewriteFn(TagRule rule) {
      this.rule = rule;
    }

    @ProcessElement
    public void process(@Element Sample sample, OutputReceiver<Sample> out) {
      out.output(sample.toBuilder().setCaption(rule.apply(sample.caption())).build());
    }
  }

  private static final class RewriteWithViewFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<? extends TagRule> view;

    RewriteWithViewFn(PCollectionView<? extends TagRule> view) {
      this.view = view;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      TagRule rule = c.sideInput(view);
      c.output(c.element().toBuilder().setCaption(rule.apply(c.element().caption())).build());
    }
  }
}
