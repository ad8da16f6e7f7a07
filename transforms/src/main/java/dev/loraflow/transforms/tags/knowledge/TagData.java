package dev.loraflow.transforms.tags.knowledge;

import dev.loraflow.transforms.source.booru.BooruQuery;
import dev.loraflow.transforms.source.booru.DanbooruTagLists;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Danbooru's tag knowledge for a run: read from the cache folder (default {@code
 * ~/.cache/loraflow/tags}), or fetched once through {@link DanbooruTagLists} and cached there.
 *
 * <p>Of the tags, those on {@value #DEFAULT_MIN_POST_COUNT} posts or more are kept, at most {@value
 * #DEFAULT_MAX_TAGS}, most used first: about what the tag autocompletion lists of A1111 carry, and
 * ten times the labels of a WD14 model. Rarer tags are real, but a model trained on Danbooru has
 * seen them too seldom to learn them, so a caption gains little by them; and the whole list (over a
 * million tags, most on a post or two) would take an hour of polite requests. Fetching takes some
 * 150 requests, two or three minutes at the booru sources' polite rate.
 *
 * <pre>{@code
 * Optional<TagKnowledge> knowledge =
 *     TagData.from(BooruQuery.of(BooruSite.DANBOORU, "")).withMode(TagData.Mode.FETCH).load();
 * }</pre>
 */
public final class TagData {
  private static final Logger LOG = LoggerFactory.getLogger(TagData.class);

  public static final long DEFAULT_MIN_POST_COUNT = 100;
  public static final int DEFAULT_MAX_TAGS = 100_000;

  /** When to use the network. */
  public enum Mode {
    /** The cache only; nothing cached, nothing known (the caller falls back). */
    CACHED,
    /** The cache, fetched first when there is none. */
    FETCH,
    /** Fetched again; without network the cache is used, and the log says so. */
    REFRESH
  }

  private final BooruQuery connection;
  private final Path cacheDir;
  private final Mode mode;
  private final long minPostCount;
  private final int maxTags;
  private final int pageSize;

  private TagData(
      BooruQuery connection,
      Path cacheDir,
      Mode mode,
      long minPostCount,
      int maxTags,
      int pageSize) {
    this.connection = connection;
    this.cacheDir = cacheDir;
    this.mode = mode;
    this.minPostCount = minPostCount;
    this.maxTags = maxTags;
    this.pageSize = pageSize;
  }

  /** {@code ~/.cache/loraflow/tags}. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "loraflow", "tags");
  }

  /**
   * The knowledge of the Danbooru {@code connection} points at (its base URL, account and
   * politeness), in the default cache folder, {@link Mode#CACHED}.
   */
  public static TagData from(BooruQuery connection) {
    DanbooruTagLists.of(connection); // refuses a site that is no Danbooru, now
    return new TagData(
        connection,
        defaultCacheDir(),
        Mode.CACHED,
        DEFAULT_MIN_POST_COUNT,
        DEFAULT_MAX_TAGS,
        DanbooruTagLists.MAX_PAGE_SIZE);
  }

  public TagData withCacheDir(Path dir) {
    return new TagData(connection, dir, mode, minPostCount, maxTags, pageSize);
  }

  public TagData withMode(Mode value) {
    return new TagData(connection, cacheDir, value, minPostCount, maxTags, pageSize);
  }

  /** Keeps tags on at least {@code posts} posts, at most {@code tags} of them, when fetching. */
  public TagData withTagLimits(long posts, int tags) {
    if (posts < 0 || tags < 1) {
      throw new IllegalArgumentException(
          "TagData.withTagLimits: posts >= 0 and tags >= 1, not " + posts + " and " + tags);
    }
    return new TagData(connection, cacheDir, mode, posts, tags, pageSize);
  }

  /** Entries per page when fetching ({@link DanbooruTagLists#withPageSize}). */
  public TagData withPageSize(int entries) {
    DanbooruTagLists.of(connection).withPageSize(entries);
    return new TagData(connection, cacheDir, mode, minPostCount, maxTags, entries);
  }

  /** The cache file of this server. */
  public Path cacheFile() {
    return cache().file();
  }

  /**
   * The knowledge, by the mode; empty when nothing is cached and the mode is {@link Mode#CACHED}.
   *
   * @throws IOException the cache cannot be read, or a fetch that had no cache to fall back on
   *     failed
   */
  public Optional<TagKnowledge> load() throws IOException {
    TagDataCache cache = cache();
    Optional<TagKnowledge> cached = mode == Mode.REFRESH ? readOrNothing(cache) : cache.read();
    if (cached.isPresent() && mode != Mode.REFRESH) {
      LOG.info("Tag data: using the cache {}: {}", cache.file(), cached.get().describe());
      return cached;
    }
    if (mode == Mode.CACHED) {
      return Optional.empty();
    }
    TagKnowledge fetched;
    try {
      fetched = fetch();
    } catch (IOException e) {
      if (cached.isEmpty()) {
        throw new IOException(
            "Fetching Danbooru's tag data failed, and nothing is cached in "
                + cacheDir
                + ": "
                + e.getMessage(),
            e);
      }
      LOG.warn(
          "Tag data: could not refresh from {} ({}); using the cache {}: {}",
          connection.baseUrl(),
          e.getMessage(),
          cache.file(),
          cached.get().describe());
      return cached;
    }
    cache.write(fetched);
    LOG.info("Tag data: fetched and cached in {}: {}", cache.file(), fetched.describe());
    return Optional.of(fetched);
  }

  // A refresh replaces a cache it cannot read, but still falls back on one it can.
  private static Optional<TagKnowledge> readOrNothing(TagDataCache cache) {
    try {
      return cache.read();
    } catch (IOException e) {
      LOG.warn("Tag data: {}; fetching a new one", e.getMessage());
      return Optional.empty();
    }
  }

  private TagKnowledge fetch() throws IOException {
    DanbooruTagLists lists = DanbooruTagLists.of(connection).withPageSize(pageSize);
    LOG.info(
        "Tag data: fetching implications, aliases and tags on {} posts or more from {}, once",
        minPostCount,
        lists.baseUrl());
    Instant started = Instant.now();
    return new TagKnowledge(
        lists.baseUrl(),
        started,
        minPostCount,
        lists.activeImplications(),
        lists.activeAliases(),
        lists.tags(minPostCount, maxTags));
  }

  private TagDataCache cache() {
    return new TagDataCache(cacheDir, connection.baseUrl());
  }
}
