package dev.loraflow.transforms.source.booru;

/**
 * Spaces calls at least {@code 1/rate} apart, shared by every thread that calls one host. Each
 * caller reserves the next free slot and sleeps until it, so a burst never forms, even across
 * threads.
 */
final class RateLimiter {

  private final long intervalNanos;
  private final Clock clock;
  private long nextFreeNanos;
  private boolean started;

  RateLimiter(double permitsPerSecond, Clock clock) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + permitsPerSecond);
    }
    this.intervalNanos = (long) (1_000_000_000L / permitsPerSecond);
    this.clock = clock;
  }

  /** Waits for this caller's slot. */
  void acquire() throws InterruptedException {
    clock.sleep(reserve());
  }

  /** Takes the next slot and returns how long to wait for it. */
  synchronized long reserve() {
    long now = clock.nanoTime();
    long slot = started ? Math.max(now, nextFreeNanos) : now;
    started = true;
    nextFreeNanos = slot + intervalNanos;
    return slot - now;
  }
}
