package dev.loraflow.transforms.source.booru;

import java.util.List;
import java.util.Optional;

/**
 * Which page comes next. Numbered pages run from {@code first} up to {@code pageLimit}; past it,
 * Danbooru-style APIs continue with {@code b<id>} cursors ("posts older than id"), so a search of
 * any size can be walked. A short page is the last one.
 */
final class Paging {

  private final int first;
  private final int pageLimit;
  private final boolean cursorAfterLimit;

  private Paging(int first, int pageLimit, boolean cursorAfterLimit) {
    this.first = first;
    this.pageLimit = pageLimit;
    this.cursorAfterLimit = cursorAfterLimit;
  }

  /** Numbered pages from {@code first} until a page comes back short. */
  static Paging numbered(int first) {
    return new Paging(first, Integer.MAX_VALUE, false);
  }

  /** Numbered pages up to {@code pageLimit}, then {@code b<lowest id>} cursors. */
  static Paging numberedThenCursor(int first, int pageLimit) {
    return new Paging(first, pageLimit, true);
  }

  String first() {
    return Integer.toString(first);
  }

  /** The page after {@code current}, which returned {@code posts}; empty when that was the last. */
  Optional<String> next(String current, List<BooruPost> posts, int pageSize) {
    if (posts.size() < pageSize) {
      return Optional.empty();
    }
    if (current.startsWith("b") || Integer.parseInt(current) >= pageLimit) {
      return cursorAfterLimit ? Optional.of("b" + lowestId(posts)) : Optional.empty();
    }
    return Optional.of(Integer.toString(Integer.parseInt(current) + 1));
  }

  private static long lowestId(List<BooruPost> posts) {
    return posts.stream().mapToLong(BooruPost::id).min().orElseThrow();
  }
}
