package dev.loraflow.trainer.train;

import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training progress bar: steps done of the total, epoch, smoothed loss, it/s and ETA (the bar
 * computes rate and ETA). Without a terminal the same line is logged every 10 s.
 */
final class TrainingProgress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

  private final ProgressBar bar;

  TrainingProgress(long totalSteps, long startStep) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(totalSteps)
            .startsFrom(startStep, java.time.Duration.ZERO)
            .setUnit(" steps", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .showSpeed(new java.text.DecimalFormat("0.00"));
    if (System.console() == null) {
      builder
          .setConsumer(new DelegatingProgressBarConsumer(new LoggedLines(LOG::info), 120))
          .setUpdateIntervalMillis(10_000);
    }
    this.bar = builder.build();
  }

  /** The bar at {@code step}; {@code note} follows the loss (empty for none). */
  void step(long step, int epoch, int epochs, double averageLoss, String note) {
    bar.stepTo(step);
    bar.setExtraMessage(
        String.format(Locale.ROOT, " epoch %d/%d, loss %.4f%s", epoch, epochs, averageLoss, note));
  }

  @Override
  public void close() {
    bar.close();
  }
}
