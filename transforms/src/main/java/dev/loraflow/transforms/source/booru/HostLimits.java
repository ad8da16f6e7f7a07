package dev.loraflow.transforms.source.booru;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The per-host limiters of this JVM. Every DoFn instance and thread that talks to one host shares
 * them, so the configured rate holds for the whole process, not per thread.
 */
final class HostLimits {

  private static final Map<String, RateLimiter> RATES = new ConcurrentHashMap<>();
  private static final Map<String, Semaphore> SLOTS = new ConcurrentHashMap<>();

  private HostLimits() {}

  /** The limiter for {@code purpose} (api, download) on {@code hostAndPort} at this rate. */
  static RateLimiter rate(String purpose, String hostAndPort, double perSecond) {
    return RATES.computeIfAbsent(
        purpose + " " + hostAndPort + " " + perSecond,
        key -> new RateLimiter(perSecond, Clock.SYSTEM));
  }

  /** The bound on requests in flight to {@code hostAndPort}. */
  static Semaphore concurrency(String purpose, String hostAndPort, int permits) {
    return SLOTS.computeIfAbsent(
        purpose + " " + hostAndPort + " " + permits, key -> new Semaphore(permits, true));
  }
}
