package dev.loraflow.pipelines;

import dev.loraflow.transforms.tagging.Wd14Tagger;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;

/**
 * The one place the recipes tune the runner for their workload; the measurements behind each
 * setting are in {@code docs/performance.md}.
 */
final class RunnerTuning {
  private static final Predicate<String> PARALLELISM =
      Pattern.compile("^--targetParallelism=").asPredicate();

  /**
   * Batches the tagger gathers into a bundle: enough that the first batch's decode, which nothing
   * overlaps, and the last, partial batch cost little, and few enough that a bundle's images fit in
   * memory (64 at the default batch of 4).
   */
  static final int TAGGER_BATCHES_PER_BUNDLE = 16;

  private RunnerTuning() {}

  /**
   * The recipes' tagger, gathering {@link #TAGGER_BATCHES_PER_BUNDLE} batches a bundle: after a
   * grouping (the dedupe) the DirectRunner hands on one image per bundle.
   */
  static Wd14Tagger forTagger(Wd14Tagger tagger) {
    return tagger.withBatchesPerBundle(TAGGER_BATCHES_PER_BUNDLE);
  }

  /**
   * One DirectRunner worker when WD14 tags a folder on the CPU and {@code args} set no {@code
   * --targetParallelism}: the model keeps every core busy, and the runner's scheduling loop spins
   * on any worker left free. A booru source keeps the default: its downloads fan out over those
   * workers.
   */
  static void forParsed(RecipeOptions options, String[] args) {
    if (tagsFolderOnCpu(options) && Arrays.stream(args).noneMatch(PARALLELISM)) {
      options.as(DirectOptions.class).setTargetParallelism(1);
    }
  }

  /**
   * The DirectRunner's immutability and encodability checks off: they encode and compare every
   * image at every step, right for the transforms' own tests, too slow for real datasets.
   */
  static void forRun(RecipeOptions options) {
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
  }

  private static boolean tagsFolderOnCpu(RecipeOptions options) {
    return options.getTagger() == AutoTagger.WD14
        && options.getTaggerDevice() == ExecutionProvider.CPU
        && RecipeParts.isFolder(options);
  }
}
