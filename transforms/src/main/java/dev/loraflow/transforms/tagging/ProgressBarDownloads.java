package dev.loraflow.transforms.tagging;

import dev.loraflow.hub.DownloadProgress;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A model download as a progress bar in MiB, with its speed. */
enum ProgressBarDownloads implements DownloadProgress {
  INSTANCE;

  @Override
  public Transfer start(String file, long from, long size) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(file)
            .setInitialMax(size > 0 ? size : -1)
            .setUnit("MiB", 1 << 20)
            .setStyle(ProgressBarStyle.ASCII)
            .showSpeed()
            .startsFrom(from, Duration.ZERO)
            .build();
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
