package dev.loraflow.transforms.source.booru;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when someone sleeps on it, and remembers every sleep. */
final class FakeClock implements Clock {

  private long now;
  final List<Long> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleep(long nanos) {
    sleeps.add(nanos);
    now += Math.max(nanos, 0);
  }

  synchronized void advance(long nanos) {
    now += nanos;
  }
}
