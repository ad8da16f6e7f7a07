package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.junit.jupiter.api.Test;

class LoggedLineTest {

  private static final String DETAILS =
      "12 pages (stopped at the page limit), 340 listed, 120 downloaded (85.3 MB), 4 from archive,"
          + " skipped 30 (rating 20, duplicate md5 10)";

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private ProgressBar bar(long max) {
    return new ProgressBarBuilder()
        .setTaskName("danbooru")
        .setInitialMax(max)
        .setRenderer(new LoggedLine())
        .setConsumer(new DelegatingProgressBarConsumer(lines::add, 80))
        .setUpdateIntervalMillis(60_000)
        .build();
  }

  @Test
  void givenPostsDone_logsCountsAndEveryDetailUncut() {
    try (ProgressBar bar = bar(7)) {
      bar.stepTo(3);
      bar.setExtraMessage(DETAILS);
    }

    String last = lines.get(lines.size() - 1);
    assertThat(last)
        .matches(
            // the rate needs a measurable time since the start
            "danbooru: 3/7 posts \\(43%\\)(, [0-9.]+ posts/s)?, 0:00:0\\d elapsed, 0:00:\\d\\d left; "
                + java.util.regex.Pattern.quote(DETAILS));
    assertThat(last).doesNotContain("[").hasSizeGreaterThan(80);
  }

  @Test
  void givenAnUnknownTotal_saysSoAndGivesNoTimeLeft() {
    try (ProgressBar bar = bar(-1)) {
      bar.setExtraMessage("1 pages, 0 listed");
    }

    assertThat(lines.get(lines.size() - 1))
        .matches("danbooru: 0/\\? posts, 0:00:0\\d elapsed; 1 pages, 0 listed");
  }
}
