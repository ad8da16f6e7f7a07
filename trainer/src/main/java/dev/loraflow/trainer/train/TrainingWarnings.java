package dev.loraflow.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advice from the training guide the project follows, as messages for the user; none stops a run.
 */
public final class TrainingWarnings {

  /** Beyond this many steps the guide says a LoRA overbakes. */
  static final int MAX_GUIDE_STEPS = 3500;

  /** The guide's rate per image of the batch: batch 3 trains at 3e-4. */
  static final double LR_PER_BATCH_ITEM = 1e-4;

  private TrainingWarnings() {}

  /**
   * The warnings for a run of {@code totalSteps} optimizer steps at {@code batchSize}, with the
   * UNet {@code learningRate} and kohya's {@code optimizerType} name.
   */
  public static List<String> check(
      int totalSteps, int batchSize, double learningRate, String optimizerType) {
    List<String> warnings = new ArrayList<>();
    if (totalSteps > MAX_GUIDE_STEPS) {
      warnings.add(
          totalSteps
              + " total steps: the guide says more than "
              + MAX_GUIDE_STEPS
              + " overbakes a LoRA; lower the epochs or repeats");
    }
    double expected = LR_PER_BATCH_ITEM * batchSize;
    if (batchSize > 1 && (learningRate > 2 * expected || learningRate < expected / 2)) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "learning rate %.2e at batch size %d: the guide scales it with the batch"
                  + " (about %.2e, i.e. 1e-4 per image)",
              learningRate,
              batchSize,
              expected));
    }
    if ("adamw8bit".equalsIgnoreCase(optimizerType.trim())) {
      warnings.add("optimizer AdamW8bit is not available on DJL, using AdamW");
    }
    return warnings;
  }
}
