package dev.loraflow.testing;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * For benchmarks: the peak heap of a stretch of work, both as used (garbage included) and as live
 * (what remained right after each collection, the figure that decides whether a run fits).
 */
public final class HeapWatch {

  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private final AtomicLong peakLive = new AtomicLong();

  private HeapWatch() {}

  /** Starts watching every garbage collection of this JVM. */
  public static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  watch.collected(
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData()));
                }
              },
              null,
              null);
    }
    return watch;
  }

  /** Collects garbage, then forgets the peaks so far: the next figures cover what follows. */
  public void reset() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    peakLive.set(0);
  }

  /** Peak heap in use since {@link #reset()}, garbage included, in MB. */
  public double peakUsedMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed())
            .sum()
        / 1e6;
  }

  /** Peak heap left right after a collection since {@link #reset()}, in MB. */
  public double peakLiveMb() {
    return peakLive.get() / 1e6;
  }

  private void collected(GarbageCollectionNotificationInfo info) {
    long live =
        info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
            .mapToLong(pool -> pool.getValue().getUsed())
            .sum();
    peakLive.accumulateAndGet(live, Math::max);
  }
}
