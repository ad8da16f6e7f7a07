package dev.loraflow.transforms.source.booru;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The final word on what the booru sources of a finished run did, one line per site, from the run's
 * Beam counters: {@code danbooru: 12 pages, 2400 posts listed, 2210 downloaded (1.9 GB), 40 from
 * archive, skipped: rating 100, hidden 50}. Call after {@code waitUntilFinish()}.
 */
public final class BooruSummary {

  static final String NAMESPACE = "booru";
  static final String PAGES = "pages";
  static final String POSTS = "posts";
  static final String DOWNLOADED = "downloaded";
  static final String BYTES = "bytes";
  static final String FROM_ARCHIVE = "from archive";
  static final String SKIPPED = "skipped ";
  static final String STOPPED_AT_PAGE_LIMIT = "searches stopped at the page limit";

  private BooruSummary() {}

  /** One line per site that the run read; empty when it read none. */
  public static List<String> of(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                    .build());
    Map<String, Map<String, Long>> bySite = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      String name = counter.getName().getName();
      int dot = name.indexOf('.');
      bySite
          .computeIfAbsent(name.substring(0, dot), site -> new TreeMap<>())
          .merge(name.substring(dot + 1), counter.getAttempted(), Long::sum);
    }
    List<String> lines = new ArrayList<>();
    bySite.forEach((site, counts) -> lines.add(line(site, counts)));
    return lines;
  }

  private static String line(String site, Map<String, Long> counts) {
    List<String> skips = new ArrayList<>();
    counts.forEach(
        (name, count) -> {
          if (name.startsWith(SKIPPED) && count > 0) {
            skips.add(name.substring(SKIPPED.length()) + " " + count);
          }
        });
    long stopped = counts.getOrDefault(STOPPED_AT_PAGE_LIMIT, 0L);
    return String.format(
        "%s: %d pages%s, %d posts listed, %d downloaded (%.1f MB), %d from archive, skipped: %s",
        site,
        counts.getOrDefault(PAGES, 0L),
        stopped == 0
            ? ""
            : " ("
                + stopped
                + (stopped == 1 ? " search" : " searches")
                + " stopped at the page"
                + " limit, more posts exist)",
        counts.getOrDefault(POSTS, 0L),
        counts.getOrDefault(DOWNLOADED, 0L),
        counts.getOrDefault(BYTES, 0L) / 1e6,
        counts.getOrDefault(FROM_ARCHIVE, 0L),
        skips.isEmpty() ? "none" : String.join(", ", skips));
  }
}
