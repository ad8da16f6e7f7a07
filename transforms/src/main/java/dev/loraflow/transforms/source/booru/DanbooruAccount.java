package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a Danbooru account may search, by level (DAN {@code app/models/user.rb} {@code
 * tag_query_limit} and {@code page_limit}): anonymous, Restricted and Member accounts 2 tags a
 * search and 1000 numbered pages, Gold 6 tags and 5000 pages, Platinum and above any number of
 * tags. Read from the account's {@code /profile.json}, whose {@code tag_query_limit} is the
 * server's own figure (a promotion lifts it; null means no limit).
 *
 * @param level the level's name, as the site shows it ({@code Member}, {@code Gold})
 * @param tagLimit the most counted terms a search may have; empty for no limit, or for a limit only
 *     the server knows
 */
record DanbooruAccount(String level, OptionalInt tagLimit, int pageLimit) {

  private static final int GOLD = 30;
  private static final int PLATINUM = 31;
  private static final int MEMBER_PAGES = 1000;
  private static final int GOLD_PAGES = 5000;

  // Metatags that do not count against the limit (DAN app/logical/post_query.rb,
  // UNLIMITED_METATAGS); every other metatag, order: included, counts as one tag.
  private static final Set<String> FREE_METATAGS =
      Set.of(
          ("status rating limit is id date age filesize filetype parent child md5 width height"
                  + " duration mpixels ratio score upvote downvotes favcount embedded tagcount"
                  + " pixiv_id pixiv")
              .split(" "));

  static DanbooruAccount anonymous() {
    return new DanbooruAccount("anonymous", OptionalInt.of(2), MEMBER_PAGES);
  }

  /**
   * An account whose profile the server does not serve (older or self-hosted instances answer 404):
   * the Member page limit, and no tag count of our own, so the server's refusal of a search over
   * its limit is the one the user reads ({@link ApiErrors}).
   */
  static DanbooruAccount unread() {
    return new DanbooruAccount("unread", OptionalInt.empty(), MEMBER_PAGES);
  }

  /** The account {@code /profile.json} describes. */
  static DanbooruAccount fromProfile(JsonNode profile) throws JsonMappingException {
    JsonNode level = profile.path("level");
    if (!level.canConvertToInt()) {
      throw JsonMappingException.from(
          (JsonParser) null, "expected the account's level in the profile, got " + profile);
    }
    int number = level.asInt();
    String name = Json.text(profile, "level_string");
    JsonNode limit = profile.get("tag_query_limit");
    OptionalInt tagLimit;
    if (limit == null) { // servers older than the field: the level's standard limit
      tagLimit = number >= PLATINUM ? OptionalInt.empty() : OptionalInt.of(number >= GOLD ? 6 : 2);
    } else {
      tagLimit = limit.isNull() ? OptionalInt.empty() : OptionalInt.of(limit.asInt());
    }
    return new DanbooruAccount(
        name.isEmpty() ? "level " + number : name,
        tagLimit,
        number >= GOLD ? GOLD_PAGES : MEMBER_PAGES);
  }

  boolean isBelowGold() {
    return pageLimit < GOLD_PAGES;
  }

  /**
   * Refuses a search with more counted terms than this account may use, before it is sent; the
   * server's own refusal stays recognised ({@link ApiErrors}) for what this count cannot foresee.
   */
  void check(BooruQuery query) throws BooruApiException {
    int count = countedTerms(query.tags());
    if (tagLimit.isEmpty() || count <= tagLimit.getAsInt()) {
      return;
    }
    boolean anonymous = level.equals("anonymous");
    int limit = tagLimit.getAsInt();
    throw new BooruApiException(
        0,
        "danbooru: \""
            + query.tags()
            + "\" has "
            + count
            + " tags that count, and "
            + (anonymous ? "an anonymous search may use " : "a " + level + " account may use ")
            + limit
            + " (Member 2, Gold 6, Platinum and above any number). rating:, score:, date:, id: and"
            + " the other free metatags do not count; order: and negated tags do. Search with"
            + " fewer tags and filter the rest here (BooruQuery.withRatings, withMinScore, withBlacklist), or "
            + (anonymous ? "log in with" : "use")
            + (limit < 6 ? " a Gold or higher account." : " a Platinum or higher account."));
  }

  /**
   * The terms Danbooru counts: distinct tags, wildcards and metatags, less the free metatags (DAN
   * app/logical/post_query.rb {@code term_count}). Aliases the server resolves may make its count
   * lower, never higher.
   */
  static int countedTerms(String search) {
    Set<String> counted = new HashSet<>();
    for (SearchTerms.Term term : SearchTerms.of(search)) {
      if (!FREE_METATAGS.contains(term.name())) {
        counted.add(term.text().toLowerCase(Locale.ROOT));
      }
    }
    return counted.size();
  }
}
