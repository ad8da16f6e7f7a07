package dev.loraflow.trainer.train;

import java.util.function.Consumer;

/**
 * Logs a progress bar's lines when there is no terminal, each distinct line once: closing a bar
 * renders its final line a second time.
 */
final class LoggedLines implements Consumer<String> {

  private final Consumer<String> log;
  private String last = "";

  /** Lines go to {@code log}, e.g. a logger's {@code info}. */
  LoggedLines(Consumer<String> log) {
    this.log = log;
  }

  @Override
  public synchronized void accept(String line) {
    if (!line.equals(last)) {
      last = line;
      log.accept(line);
    }
  }
}
