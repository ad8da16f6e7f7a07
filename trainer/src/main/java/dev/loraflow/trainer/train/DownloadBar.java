package dev.loraflow.trainer.train;

import dev.loraflow.hub.DownloadProgress;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base-model download as a progress bar in MiB, like the training bar: logged every 10 s where
 * there is no terminal.
 */
final class DownloadBar implements DownloadProgress {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadBar.class);

  @Override
  public Transfer start(String file, long from, long size) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(file)
            .setInitialMax(size > 0 ? size : -1)
            .setUnit("MiB", 1 << 20)
            .setStyle(ProgressBarStyle.ASCII)
            .showSpeed()
            .startsFrom(from, Duration.ZERO);
    if (System.console() == null) {
      builder
          .setConsumer(new DelegatingProgressBarConsumer(new LoggedLines(LOG::info), 120))
          .setUpdateIntervalMillis(10_000);
    }
    ProgressBar bar = builder.build();
    return new Transfer() {
      @Override
      public void advance(int bytes) {
        bar.stepBy(bytes);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
