package dev.loraflow.transforms.source.booru;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which page comes next. Numbered pages run from {@code first} up to {@code pageLimit}; past it,
 * Danbooru-style APIs continue with id cursors, so a search of any size can be walked: {@code
 * b<id>} ("older than id", newest first) or {@code a<id>} ("newer than id", oldest first). The
 * server orders cursor pages by id whatever the search asks, so a cursor only continues a search in
 * that order; any other order stops at the last numbered page. Only an empty page, or a cursor that
 * does not move, ends the walk: servers cap the page size below what was asked and drop hidden
 * posts after paging (e621ng issue 1288), so a short page is no sign of the end.
 */
final class Paging {

  /** An id cursor, and the search order it continues. */
  enum Cursor {
    /** {@code b<lowest id so far>}: the default order, newest first. */
    BEFORE,
    /** {@code a<highest id so far>}: {@code order:id}, oldest first. */
    AFTER;

    /**
     * The cursor that continues a Danbooru or e621 search in the order {@code ordering} sets (its
     * {@code order:} or other ordering metatag; empty for the default order); empty when no cursor
     * keeps that order. Both sites take {@code order:id} and {@code id_asc} as ascending ids and
     * {@code id_desc} as descending (DAN app/models/post.rb order_matches; e621ng
     * app/logical/elastic_post_query_builder.rb ORDER_TABLE).
     */
    static Optional<Cursor> continuing(Optional<SearchTerms.Term> ordering) {
      if (ordering.isEmpty()) {
        return Optional.of(BEFORE);
      }
      SearchTerms.Term term = ordering.get();
      // Danbooru refuses a negated order and e621 reverses it; ordfav: and the like are no id
      // order.
      if (term.negated() || !term.name().equals("order")) {
        return Optional.empty();
      }
      return switch (term.value()) {
        case "id_desc" -> Optional.of(BEFORE);
        case "id", "id_asc" -> Optional.of(AFTER);
        default -> Optional.empty();
      };
    }
  }

  private final int first;
  private final int pageLimit;
  private final Optional<Cursor> cursor;
  private final String whyNoCursor;

  private Paging(int first, int pageLimit, Optional<Cursor> cursor, String whyNoCursor) {
    this.first = first;
    this.pageLimit = pageLimit;
    this.cursor = cursor;
    this.whyNoCursor = whyNoCursor;
  }

  /**
   * A Danbooru-style search ({@code site} Danbooru or e621): numbered pages from 1 up to {@code
   * pageLimit}, then the cursor that keeps the order {@code ordering} sets, or no further when none
   * does; {@code advice} ends the warning then.
   */
  static Paging danbooruStyle(
      String site, int pageLimit, Optional<SearchTerms.Term> ordering, String advice) {
    return Cursor.continuing(ordering)
        .map(cursor -> numberedThen(1, pageLimit, cursor))
        .orElseGet(
            () ->
                numberedUpTo(
                    1,
                    pageLimit,
                    site
                        + "'s b/a cursor pages, which reach further, order by id, and \""
                        + ordering.orElseThrow().text()
                        + "\" does not: going on would list wrong or repeated posts. Split the"
                        + " search into narrower ones (date: or score: ranges) or leave the order"
                        + " out."
                        + advice));
  }

  /** Numbered pages from {@code first} until a page comes back empty. */
  static Paging numbered(int first) {
    return new Paging(first, Integer.MAX_VALUE, Optional.empty(), "");
  }

  /** Numbered pages up to {@code pageLimit}, then {@code cursor} pages. */
  static Paging numberedThen(int first, int pageLimit, Cursor cursor) {
    return new Paging(first, pageLimit, Optional.of(cursor), "");
  }

  /**
   * Numbered pages up to {@code pageLimit} and no further, as no cursor keeps the search's order;
   * {@code why} says so, and what to do, for the warning when the limit cuts the search short.
   */
  static Paging numberedUpTo(int first, int pageLimit, String why) {
    return new Paging(first, pageLimit, Optional.empty(), why);
  }

  String first() {
    return Integer.toString(first);
  }

  /** The page after {@code current}, which returned {@code posts}; empty when that was the last. */
  Optional<String> next(String current, List<BooruPost> posts) {
    if (posts.isEmpty()) {
      return Optional.empty();
    }
    if (isCursor(current) || Integer.parseInt(current) >= pageLimit) {
      return cursor
          .map(
              c ->
                  c == Cursor.BEFORE
                      ? "b" + posts.stream().mapToLong(BooruPost::id).min().orElseThrow()
                      : "a" + posts.stream().mapToLong(BooruPost::id).max().orElseThrow())
          .filter(token -> !token.equals(current));
    }
    return Optional.of(Integer.toString(Integer.parseInt(current) + 1));
  }

  /**
   * Whether the walk ends at the page limit with more posts likely: {@code current} is the last
   * numbered page, it was full, and no cursor may go on.
   */
  boolean cutShort(String current, List<BooruPost> posts, int pageSize) {
    return cursor.isEmpty()
        && posts.size() >= pageSize
        && !isCursor(current)
        && Integer.parseInt(current) >= pageLimit;
  }

  /** The warning for a walk {@link #cutShort}: where it stopped, how much it reached, why. */
  String cutShortWarning(BooruQuery query) {
    long reachable = (long) (pageLimit - first + 1) * query.pageSize();
    return String.format(
        "%s \"%s\": stopped after page %d, the last numbered page the site serves; the %,d posts"
            + " up to there were listed, and the search may have more. %s",
        query.site().id(), query.tags(), pageLimit, reachable, whyNoCursor);
  }

  /** The page's posts in walking order: servers hand {@code a<id>} pages back newest first. */
  List<BooruPost> inWalkingOrder(String page, List<BooruPost> posts) {
    return page.startsWith("a")
        ? posts.stream().sorted(Comparator.comparingLong(BooruPost::id)).toList()
        : posts;
  }

  private static boolean isCursor(String page) {
    return page.startsWith("a") || page.startsWith("b");
  }
}
