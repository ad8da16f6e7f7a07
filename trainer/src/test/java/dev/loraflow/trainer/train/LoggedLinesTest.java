package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;

class LoggedLinesTest {

  @Test
  void aClosedBarLogsItsFinalLineOnce() {
    List<String> lines = new ArrayList<>();
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(10)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new DelegatingProgressBarConsumer(new LoggedLines(lines::add), 120))
            .setUpdateIntervalMillis(60_000)
            .build();
    bar.stepTo(10);
    bar.close();

    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("10/10");
    assertThat(lines).doesNotHaveDuplicates();
  }

  @Test
  void logsEveryChangedLine() {
    List<String> lines = new ArrayList<>();
    LoggedLines logged = new LoggedLines(lines::add);
    for (String line : List.of("a", "a", "b", "a")) {
      logged.accept(line);
    }
    assertThat(lines).containsExactly("a", "b", "a");
  }
}
