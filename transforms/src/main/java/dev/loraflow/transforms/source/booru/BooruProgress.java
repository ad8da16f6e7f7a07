package dev.loraflow.transforms.source.booru;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.sdk.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one site's work in one run and shows it live as a progress bar: posts done out of posts
 * wanted (the total grows while the listing pages in), with the download rate, and pages, posts
 * listed, megabytes and skips by reason beside it. On a terminal the bar redraws in place; without
 * one (a log file, a cluster worker) a plain {@link LoggedLine} is logged every few seconds
 * instead.
 *
 * <p>Each count also goes to a Beam counter ({@code booru} namespace), which {@link BooruSummary}
 * reads at the end; the bar is per JVM (per worker on a cluster).
 */
final class BooruProgress {

  private static final Logger LOG = LoggerFactory.getLogger(BooruProgress.class);
  private static final Map<String, BooruProgress> RUNS = new ConcurrentHashMap<>();
  private static final int LOG_EVERY_MILLIS = 5_000;

  private final String site;
  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong posts = new AtomicLong();
  private final AtomicLong stoppedAtLimit = new AtomicLong();
  private final AtomicLong wanted = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong downloaded = new AtomicLong();
  private final AtomicLong archived = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong listingsDone = new AtomicLong();
  private final AtomicLong listingsExpected = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<Skip.Kind, AtomicLong> skipped = new EnumMap<>(Skip.Kind.class);
  private String lastLogged = "";
  private final ProgressBar bar;

  private BooruProgress(String site) {
    this.site = site;
    for (Skip.Kind kind : Skip.Kind.values()) {
      skipped.put(kind, new AtomicLong());
    }
    this.bar = newBar(site, this::logIfNew);
  }

  /** The progress of {@code site} in the run {@code runId}. */
  static BooruProgress of(String runId, BooruSite site) {
    return RUNS.computeIfAbsent(runId + " " + site.id(), key -> new BooruProgress(site.id()));
  }

  private static ProgressBar newBar(String site, Consumer<String> log) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(site)
            .setInitialMax(-1) // unknown until the listing ends
            .setUnit(" posts", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .showSpeed();
    if (System.console() == null) {
      builder
          .setRenderer(new LoggedLine())
          .setConsumer(new DelegatingProgressBarConsumer(log))
          .setUpdateIntervalMillis(LOG_EVERY_MILLIS);
    }
    return builder.build();
  }

  // Closing a bar renders its last line again, which a log would show twice.
  private synchronized void logIfNew(String line) {
    if (!line.equals(lastLogged)) {
      lastLogged = line;
      LOG.info(line);
    }
  }

  void page() {
    count(pages, BooruSummary.PAGES, 1);
  }

  void listed() {
    count(posts, BooruSummary.POSTS, 1);
  }

  /** A search ended at the site's page limit, with more posts than it could reach. */
  void stoppedAtPageLimit() {
    count(stoppedAtLimit, BooruSummary.STOPPED_AT_PAGE_LIMIT, 1);
  }

  /** A listed post passed the filters: one more to download. */
  void wanted() {
    bar.maxHint(wanted.incrementAndGet());
  }

  /**
   * One listing of this site ended; once all {@code listingsOfSite} have, and every wanted post is
   * done, the bar is complete and closes.
   */
  void listingEnded(long listingsOfSite) {
    listingsExpected.set(listingsOfSite);
    listingsDone.incrementAndGet();
    bar.maxHint(wanted.get());
    refresh();
  }

  void skipped(Skip.Kind kind) {
    count(skipped.get(kind), BooruSummary.SKIPPED + kind.label(), 1);
    if (kind == Skip.Kind.DUPLICATE || kind == Skip.Kind.FAILED) {
      finish();
    }
  }

  void downloaded(long size) {
    count(downloaded, BooruSummary.DOWNLOADED, 1);
    count(bytes, BooruSummary.BYTES, size);
    finish();
  }

  void fromArchive() {
    count(archived, BooruSummary.FROM_ARCHIVE, 1);
    finish();
  }

  /** Posts done (downloaded, from the archive, duplicate or failed) out of posts wanted. */
  String done() {
    return bar.getCurrent() + "/" + (bar.isIndefinite() ? "?" : bar.getMax());
  }

  /** Whether every listing ended and every wanted post is done, so the bar is closed. */
  boolean complete() {
    return closed.get();
  }

  /** What the bar shows beside the posts done: pages, posts listed, megabytes, skips by reason. */
  String details() {
    String skips =
        skipped.entrySet().stream()
            .filter(entry -> entry.getValue().get() > 0)
            .map(entry -> entry.getKey().label() + " " + entry.getValue().get())
            .collect(Collectors.joining(", "));
    return String.format(
        "%d pages%s, %d listed, %d downloaded (%.1f MB), %d from archive, skipped %d%s",
        pages.get(),
        stoppedAtLimit.get() == 0 ? "" : " (stopped at the page limit)",
        posts.get(),
        downloaded.get(),
        bytes.get() / 1e6,
        archived.get(),
        skipped.values().stream().mapToLong(AtomicLong::get).sum(),
        skips.isEmpty() ? "" : " (" + skips + ")");
  }

  private void finish() {
    finished.incrementAndGet();
    bar.step();
    refresh();
  }

  private void refresh() {
    bar.setExtraMessage(details());
    boolean listed = listingsDone.get() >= listingsExpected.get();
    if (listed && finished.get() >= wanted.get() && closed.compareAndSet(false, true)) {
      bar.close();
    }
  }

  private void count(AtomicLong counter, String metric, long amount) {
    counter.addAndGet(amount);
    Metrics.counter(BooruSummary.NAMESPACE, site + "." + metric).inc(amount);
  }
}
