package dev.loraflow.transforms.source.booru;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The query's filters, applied to a listed post before anything is downloaded. */
final class PostFilter {

  // Danbooru, Gelbooru and e621 mark animated stills (APNG, animated WebP/GIF) with these.
  private static final List<String> ANIMATION_TAGS =
      List.of("animated", "animated_png", "animated_gif", "animated_webp");

  // Checked before the md5 names a file in the archive.
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

  private final BooruQuery query;

  PostFilter(BooruQuery query) {
    this.query = query;
  }

  /** Why {@code post} is skipped, or empty when it is to be downloaded. */
  Optional<Skip> skipReason(BooruPost post) {
    if (!post.isVisible()) {
      return skip(
          Skip.Kind.HIDDEN,
          "not visible to this account (banned, deleted or restricted); restricted posts need a"
              + " higher account level");
    }
    if (!MD5.matcher(post.md5()).matches()) {
      return skip(Skip.Kind.FAILED, "the API gave no valid md5 ('" + post.md5() + "')");
    }
    if (!query.fileTypes().contains(post.extension())) {
      return skip(
          Skip.Kind.FILE_TYPE,
          "file type '" + post.extension() + "' is not one of " + new TreeSet<>(query.fileTypes()));
    }
    if (query.skipAnimated()) {
      Optional<String> animated = ANIMATION_TAGS.stream().filter(post::hasTag).findFirst();
      if (animated.isPresent()) {
        return skip(Skip.Kind.ANIMATED, "animated (tagged " + animated.get() + ")");
      }
    }
    if (!query.ratings().isEmpty() && !query.ratings().contains(post.rating())) {
      return skip(
          Skip.Kind.RATING,
          "rating " + post.rating() + " is not one of " + new TreeSet<>(query.ratings()));
    }
    if (post.score() < query.minScore()) {
      return skip(Skip.Kind.SCORE, "score " + post.score() + " is below " + query.minScore());
    }
    if (post.width() < query.minWidth() || post.height() < query.minHeight()) {
      return skip(
          Skip.Kind.SIZE,
          post.width()
              + "x"
              + post.height()
              + " is smaller than "
              + query.minWidth()
              + "x"
              + query.minHeight());
    }
    Optional<String> blacklisted =
        query.blacklist().stream().filter(post::hasTag).sorted().findFirst();
    return blacklisted.flatMap(tag -> skip(Skip.Kind.BLACKLIST, "blacklisted tag " + tag));
  }

  private static Optional<Skip> skip(Skip.Kind kind, String detail) {
    return Optional.of(new Skip(kind, detail));
  }
}
