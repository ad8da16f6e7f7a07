package dev.loraflow.transforms.source.booru;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one site's work in one run, and logs a progress line at most every few seconds: pages,
 * posts, downloads with bytes and rate, posts reused from the archive, skips by reason. Each count
 * also goes to a Beam counter ({@code booru} namespace), which {@link BooruSummary} reads at the
 * end; the live line is per JVM (per worker on a cluster).
 */
final class BooruProgress {

  private static final Logger LOG = LoggerFactory.getLogger(BooruProgress.class);
  private static final Map<String, BooruProgress> RUNS = new ConcurrentHashMap<>();
  private static final long PRINT_EVERY_NANOS = 2_000_000_000L;

  private final String site;
  private final AtomicLong lastPrintNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong posts = new AtomicLong();
  private final AtomicLong downloaded = new AtomicLong();
  private final AtomicLong archived = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  // Downloads start after the listing; their rate counts from the first one.
  private final AtomicLong firstDownloadNanos = new AtomicLong();
  private final Map<Skip.Kind, AtomicLong> skipped = new EnumMap<>(Skip.Kind.class);

  private BooruProgress(String site) {
    this.site = site;
    for (Skip.Kind kind : Skip.Kind.values()) {
      skipped.put(kind, new AtomicLong());
    }
  }

  /** The progress of {@code site} in the run {@code runId}. */
  static BooruProgress of(String runId, BooruSite site) {
    return RUNS.computeIfAbsent(runId + " " + site.id(), key -> new BooruProgress(site.id()));
  }

  void page() {
    count(pages, BooruSummary.PAGES, 1);
  }

  void listed() {
    count(posts, BooruSummary.POSTS, 1);
  }

  void skipped(Skip.Kind kind) {
    count(skipped.get(kind), BooruSummary.SKIPPED + kind.label(), 1);
  }

  void downloaded(long size) {
    firstDownloadNanos.compareAndSet(0, System.nanoTime());
    count(downloaded, BooruSummary.DOWNLOADED, 1);
    count(bytes, BooruSummary.BYTES, size);
  }

  void fromArchive() {
    count(archived, BooruSummary.FROM_ARCHIVE, 1);
  }

  /** The progress line as it stands now. */
  String line() {
    long first = firstDownloadNanos.get();
    double seconds = first == 0 ? 1 : Math.max((System.nanoTime() - first) / 1e9, 1e-3);
    String skips =
        skipped.entrySet().stream()
            .filter(entry -> entry.getValue().get() > 0)
            .map(entry -> entry.getKey().label() + " " + entry.getValue().get())
            .collect(Collectors.joining(", "));
    return String.format(
        "%s: %d pages, %d posts, %d downloaded (%.1f MB, %.1f/s), %d from archive, skipped %d%s",
        site,
        pages.get(),
        posts.get(),
        downloaded.get(),
        bytes.get() / 1e6,
        downloaded.get() / seconds,
        archived.get(),
        skipped.values().stream().mapToLong(AtomicLong::get).sum(),
        skips.isEmpty() ? "" : " (" + skips + ")");
  }

  /** Logs the line now, e.g. when a listing ends. */
  void print() {
    LOG.info(line());
  }

  private void count(AtomicLong counter, String metric, long amount) {
    counter.addAndGet(amount);
    Metrics.counter(BooruSummary.NAMESPACE, site + "." + metric).inc(amount);
    long now = System.nanoTime();
    long last = lastPrintNanos.get();
    if (now - last >= PRINT_EVERY_NANOS && lastPrintNanos.compareAndSet(last, now)) {
      print();
    }
  }
}
