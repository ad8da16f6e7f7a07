package dev.loraflow.transforms.source.booru;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * One search on one booru and what to keep of it: the serializable, immutable settings of a {@link
 * BooruSource}. Every default is set in {@link #of}; each {@code withX} returns a changed copy and
 * refuses a bad value at once, before anything is requested.
 *
 * <pre>{@code
 * BooruQuery.of(BooruSite.DANBOORU, "hakurei_reimu solo")
 *     .withCredentials(BooruCredentials.of("alice", key))
 *     .withRatings(Set.of(Rating.GENERAL, Rating.SENSITIVE))
 *     .withMaxPosts(300);
 * }</pre>
 */
@AutoValue
public abstract class BooruQuery implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What DecodeImages reads; videos, Flash, ugoira zips and GIF animations are left out. */
  public static final Set<String> DEFAULT_FILE_TYPES = Set.of("jpg", "jpeg", "png", "webp");

  public abstract BooruSite site();

  /** The search, space-separated, as typed on the site ({@code hakurei_reimu solo}). */
  public abstract String tags();

  public abstract String baseUrl();

  public abstract BooruCredentials credentials();

  /** Ratings to keep; empty keeps every rating. */
  public abstract Set<Rating> ratings();

  public abstract int minScore();

  public abstract int minWidth();

  public abstract int minHeight();

  /** File extensions to download, lower case. */
  public abstract Set<String> fileTypes();

  /** Whether posts tagged as animated (APNG, animated WebP) are skipped. */
  public abstract boolean skipAnimated();

  /** Posts with any of these tags are skipped. */
  public abstract Set<String> blacklist();

  /** The most posts to download (after filters); 0 for no limit. */
  public abstract int maxPosts();

  /** Which tag categories make the caption, in this order; the sample keeps all. */
  public abstract List<TagCategory> captionCategories();

  public abstract int pageSize();

  /** API requests per second to the site's API host. */
  public abstract double requestsPerSecond();

  /** Image downloads per second to each file host. */
  public abstract double downloadsPerSecond();

  /** Image downloads in flight at once to each file host. */
  public abstract int maxConcurrentDownloads();

  /** Tries per request (and per download) before giving up. */
  public abstract int maxAttempts();

  /** The first retry's wait; each later one doubles (a {@code Retry-After} answer wins). */
  public abstract Duration firstBackoff();

  /** The most bytes one API page may have; a longer answer fails the search. */
  public abstract long maxPageBytes();

  /** The most bytes one image file may have; a longer one is rejected. */
  public abstract long maxFileBytes();

  /**
   * Who runs the scrape, for the User-Agent ({@code by alice on danbooru}); defaults to the login.
   */
  public abstract String contact();

  abstract Builder toBuilder();

  /** A search of {@code site} for {@code tags} with polite defaults and no account. */
  public static BooruQuery of(BooruSite site, String tags) {
    if (tags == null) {
      throw new IllegalArgumentException("tags must not be null; use \"\" for every post");
    }
    return new AutoValue_BooruQuery.Builder()
        .setSite(site)
        .setTags(tags.trim())
        .setBaseUrl(site.defaultBaseUrl())
        .setCredentials(BooruCredentials.anonymous())
        .setRatings(Set.of())
        .setMinScore(Integer.MIN_VALUE)
        .setMinWidth(0)
        .setMinHeight(0)
        .setFileTypes(DEFAULT_FILE_TYPES)
        .setSkipAnimated(true)
        .setBlacklist(Set.of())
        .setMaxPosts(0)
        .setCaptionCategories(List.of(TagCategory.GENERAL))
        .setPageSize(site.maxPageSize())
        .setRequestsPerSecond(site.defaultRequestsPerSecond())
        .setDownloadsPerSecond(2.0)
        .setMaxConcurrentDownloads(2)
        .setMaxAttempts(4)
        .setFirstBackoff(Duration.ofSeconds(1))
        .setContact("")
        // A full page of 200-320 posts is 1-2 MB; Danbooru and e621 take uploads up to 100 MB.
        .setMaxPageBytes(32L << 20)
        .setMaxFileBytes(128L << 20)
        .build();
  }

  /** Another server speaking the same API: a mirror, a self-hosted instance, a test server. */
  public BooruQuery withBaseUrl(String baseUrl) {
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("Put credentials in withCredentials, not in the base URL");
    }
    return toBuilder().setBaseUrl(url.toString()).build();
  }

  public BooruQuery withCredentials(BooruCredentials credentials) {
    if (site().family() == ApiFamily.GELBOORU
        && !credentials.isAnonymous()
        && !credentials.login().chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          site().id()
              + " needs the numeric user id from Account Options as login, not the name '"
              + credentials.login()
              + "'");
    }
    return toBuilder().setCredentials(credentials).build();
  }

  public BooruQuery withRatings(Set<Rating> ratings) {
    return toBuilder().setRatings(Set.copyOf(ratings)).build();
  }

  public BooruQuery withMinScore(int minScore) {
    return toBuilder().setMinScore(minScore).build();
  }

  public BooruQuery withMinSize(int minWidth, int minHeight) {
    if (minWidth < 0 || minHeight < 0) {
      throw new IllegalArgumentException("Minimum size must not be negative");
    }
    return toBuilder().setMinWidth(minWidth).setMinHeight(minHeight).build();
  }

  public BooruQuery withFileTypes(Set<String> extensions) {
    if (extensions.isEmpty()) {
      throw new IllegalArgumentException("At least one file type is needed");
    }
    return toBuilder()
        .setFileTypes(
            extensions.stream()
                .map(type -> type.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                .collect(Collectors.toUnmodifiableSet()))
        .build();
  }

  public BooruQuery withSkipAnimated(boolean skipAnimated) {
    return toBuilder().setSkipAnimated(skipAnimated).build();
  }

  public BooruQuery withBlacklist(Set<String> tags) {
    return toBuilder().setBlacklist(Set.copyOf(tags)).build();
  }

  public BooruQuery withMaxPosts(int maxPosts) {
    if (maxPosts < 0) {
      throw new IllegalArgumentException("maxPosts must be 0 (no limit) or more");
    }
    return toBuilder().setMaxPosts(maxPosts).build();
  }

  public BooruQuery withCaptionCategories(List<TagCategory> categories) {
    if (categories.isEmpty() || Set.copyOf(categories).size() != categories.size()) {
      throw new IllegalArgumentException("Caption categories must be non-empty and distinct");
    }
    return toBuilder().setCaptionCategories(List.copyOf(categories)).build();
  }

  public BooruQuery withPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > site().maxPageSize()) {
      throw new IllegalArgumentException(
          site().id() + " pages hold 1 to " + site().maxPageSize() + " posts, not " + pageSize);
    }
    return toBuilder().setPageSize(pageSize).build();
  }

  public BooruQuery withRequestsPerSecond(double requestsPerSecond) {
    if (!(requestsPerSecond > 0) || requestsPerSecond > site().maxRequestsPerSecond()) {
      throw new IllegalArgumentException(
          site().id()
              + " allows up to "
              + site().maxRequestsPerSecond()
              + " API requests/s, not "
              + requestsPerSecond);
    }
    return toBuilder().setRequestsPerSecond(requestsPerSecond).build();
  }

  public BooruQuery withDownloads(double perSecond, int maxConcurrent) {
    if (!(perSecond > 0) || maxConcurrent < 1) {
      throw new IllegalArgumentException("Downloads need a positive rate and concurrency");
    }
    return toBuilder()
        .setDownloadsPerSecond(perSecond)
        .setMaxConcurrentDownloads(maxConcurrent)
        .build();
  }

  public BooruQuery withRetries(int maxAttempts, Duration firstBackoff) {
    if (maxAttempts < 1 || firstBackoff.isNegative()) {
      throw new IllegalArgumentException("Retries need at least one attempt and a backoff ≥ 0");
    }
    return toBuilder().setMaxAttempts(maxAttempts).setFirstBackoff(firstBackoff).build();
  }

  /**
   * Bounds what one answer may hold, in bytes (after decompression): an API page, and an image
   * file. A server that sends more fails the search (a page) or has the post rejected (a file),
   * instead of filling the heap.
   */
  public BooruQuery withMaxResponseBytes(long pageBytes, long fileBytes) {
    for (long bytes : new long[] {pageBytes, fileBytes}) {
      if (bytes < 1 || bytes > BoundedBody.MAX_BOUND) {
        throw new IllegalArgumentException(
            "Response bounds are 1 to " + BoundedBody.MAX_BOUND + " bytes, not " + bytes);
      }
    }
    return toBuilder().setMaxPageBytes(pageBytes).setMaxFileBytes(fileBytes).build();
  }

  public BooruQuery withContact(String contact) {
    if (contact.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("The User-Agent contact must be printable ASCII");
    }
    return toBuilder().setContact(contact.trim()).build();
  }

  /** The site and search, for logs and display data; no secret is in it. */
  public String describe() {
    return site().id() + " \"" + tags() + "\" at " + baseUrl() + " as " + credentials();
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setSite(BooruSite site);

    abstract Builder setTags(String tags);

    abstract Builder setBaseUrl(String baseUrl);

    abstract Builder setCredentials(BooruCredentials credentials);

    abstract Builder setRatings(Set<Rating> ratings);

    abstract Builder setMinScore(int minScore);

    abstract Builder setMinWidth(int minWidth);

    abstract Builder setMinHeight(int minHeight);

    abstract Builder setFileTypes(Set<String> fileTypes);

    abstract Builder setSkipAnimated(boolean skipAnimated);

    abstract Builder setBlacklist(Set<String> blacklist);

    abstract Builder setMaxPosts(int maxPosts);

    abstract Builder setCaptionCategories(List<TagCategory> categories);

    abstract Builder setPageSize(int pageSize);

    abstract Builder setRequestsPerSecond(double requestsPerSecond);

    abstract Builder setDownloadsPerSecond(double downloadsPerSecond);

    abstract Builder setMaxConcurrentDownloads(int maxConcurrentDownloads);

    abstract Builder setMaxAttempts(int maxAttempts);

    abstract Builder setFirstBackoff(Duration firstBackoff);

    abstract Builder setContact(String contact);

    abstract Builder setMaxPageBytes(long maxPageBytes);

    abstract Builder setMaxFileBytes(long maxFileBytes);

    abstract BooruQuery build();
  }
}
