package dev.loraflow.transforms.source.booru;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A booru loraflow can read, with the API family it speaks and its polite defaults. The base URL of
 * each is only a default: {@link BooruQuery#withBaseUrl} points a query at a mirror, a self-hosted
 * instance or a test server.
 */
public enum BooruSite {
  DANBOORU("danbooru", ApiFamily.DANBOORU, "https://danbooru.donmai.us", 200, 1.0, 10.0),
  GELBOORU("gelbooru", ApiFamily.GELBOORU, "https://gelbooru.com", 100, 1.0, 10.0),
  SAFEBOORU("safebooru", ApiFamily.GELBOORU, "https://safebooru.org", 100, 1.0, 10.0),
  YANDERE("yandere", ApiFamily.MOEBOORU, "https://yande.re", 100, 1.0, 10.0),
  KONACHAN("konachan", ApiFamily.MOEBOORU, "https://konachan.com", 100, 1.0, 10.0),
  // e621 answers more than 2 requests/s with 503 and asks for about 1/s sustained.
  E621("e621", ApiFamily.E621, "https://e621.net", 320, 1.0, 2.0);

  private final String id;
  private final ApiFamily family;
  private final String defaultBaseUrl;
  private final int maxPageSize;
  private final double defaultRequestsPerSecond;
  private final double maxRequestsPerSecond;

  BooruSite(
      String id,
      ApiFamily family,
      String defaultBaseUrl,
      int maxPageSize,
      double defaultRequestsPerSecond,
      double maxRequestsPerSecond) {
    this.id = id;
    this.family = family;
    this.defaultBaseUrl = defaultBaseUrl;
    this.maxPageSize = maxPageSize;
    this.defaultRequestsPerSecond = defaultRequestsPerSecond;
    this.maxRequestsPerSecond = maxRequestsPerSecond;
  }

  /** The short name used in sample ids ({@code danbooru:123}), options and file names. */
  public String id() {
    return id;
  }

  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The most posts one API page returns. */
  public int maxPageSize() {
    return maxPageSize;
  }

  public double defaultRequestsPerSecond() {
    return defaultRequestsPerSecond;
  }

  /** The site's own ceiling on API requests per second; a query may not ask for more. */
  public double maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  ApiFamily family() {
    return family;
  }

  /** The site named {@code id} ({@code danbooru}, as {@link #id()} gives it), case-insensitive. */
  public static BooruSite fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (BooruSite site : values()) {
      if (site.id.equals(wanted)) {
        return site;
      }
    }
    throw new IllegalArgumentException(
        "Unknown booru '"
            + id
            + "'; known: "
            + Arrays.stream(values()).map(BooruSite::id).collect(Collectors.joining(", ")));
  }
}
