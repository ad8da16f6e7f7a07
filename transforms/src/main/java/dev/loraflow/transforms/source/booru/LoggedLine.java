package dev.loraflow.transforms.source.booru;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * A site's progress as a log line, where there is no terminal (a log file, a cluster worker): the
 * counts, rate and times a bar shows, without the bar and never cut, since the details that follow
 * are what a log is read for. Example: {@code danbooru: 3/7 posts (42%), 1.5 posts/s, 0:00:02
 * elapsed, 0:00:03 left; 2 pages, ...}.
 */
final class LoggedLine implements ProgressBarRenderer {

  @Override
  public String render(ProgressState state, int maxLength) {
    long done = state.getCurrent() - state.getStart();
    Duration elapsed = state.getElapsedAfterStart();
    StringBuilder line = new StringBuilder(state.getTaskName()).append(": ");
    line.append(state.getCurrent()).append('/');
    if (state.isIndefinite()) {
      line.append("? posts");
    } else {
      line.append(state.getMax()).append(" posts");
      line.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * state.getNormalizedProgress()));
    }
    double seconds = elapsed.toMillis() / 1000.0;
    if (done > 0 && seconds > 0) {
      line.append(String.format(Locale.ROOT, ", %.1f posts/s", done / seconds));
    }
    line.append(", ").append(clock(elapsed)).append(" elapsed");
    if (!state.isIndefinite() && done > 0 && state.getCurrent() < state.getMax()) {
      long left = state.getMax() - state.getCurrent();
      line.append(", ").append(clock(elapsed.multipliedBy(left).dividedBy(done))).append(" left");
    }
    String details = state.getExtraMessage();
    if (!details.isEmpty()) {
      line.append("; ").append(details);
    }
    return line.toString();
  }

  private static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
