package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Spacing checked on a fake clock: exact, and free of sleep-based flakiness. */
class RateLimiterTest {

  private static final long MS = 1_000_000L;

  @Test
  void givenFourPerSecond_spacesCallsAQuarterSecondApart() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(4, clock);
    List<Long> times = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
      times.add(clock.nanoTime() / MS);
    }

    assertThat(times).containsExactly(0L, 250L, 500L, 750L, 1000L);
  }

  @Test
  void givenAnIdlePause_doesNotBankPermitsForABurst() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(2, clock);
    limiter.acquire();
    clock.advance(10_000 * MS);

    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(500 * MS);
    assertThat(limiter.reserve()).isEqualTo(1000 * MS);
  }

  @Test
  void givenManyThreads_handsOutDistinctSlotsOneIntervalApart() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(10, clock);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Long>> waits = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      waits.add(threads.submit(limiter::reserve));
    }
    List<Long> slots = new ArrayList<>();
    for (Future<Long> wait : waits) {
      slots.add(wait.get() / MS);
    }
    threads.shutdown();

    Collections.sort(slots);
    for (int i = 0; i < slots.size(); i++) {
      assertThat(slots.get(i)).isEqualTo(i * 100L);
    }
  }
}
