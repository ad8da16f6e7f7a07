package dev.loraflow.pipelines;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.source.booru.BooruCredentials;
import dev.loraflow.transforms.source.booru.BooruQuery;
import dev.loraflow.transforms.source.booru.BooruSite;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns {@link BooruOptions} into a {@link BooruQuery}, taking the API key out of the options. */
final class BooruQueries {
  private BooruQueries() {}

  static BooruQuery from(BooruOptions options) {
    BooruSite site =
        options
            .getSource()
            .booruSite()
            .orElseThrow(() -> new IllegalArgumentException("--source=folder reads --input"));
    if (options.getBooruTags() == null) {
      throw new IllegalArgumentException(
          "--booruTags is required with --source="
              + site.id()
              + ", e.g. --booruTags=\"hakurei_reimu solo\"");
    }
    Path file =
        options.getCredentialsFile() == null
            ? BooruCredentials.defaultFile()
            : Path.of(options.getCredentialsFile());
    BooruCredentials credentials =
        BooruCredentials.resolve(site, options.getLogin(), options.getApiKey(), file);
    // The key now lives only in the credentials; the options are shipped to workers and shown by
    // runners.
    options.setApiKey(null);
    BooruQuery query =
        BooruQuery.of(site, options.getBooruTags())
            .withCredentials(credentials)
            .withMaxPosts(options.getMaxPosts());
    if (options.getBaseUrl() != null) {
      query = query.withBaseUrl(options.getBaseUrl());
    }
    if (options.getRatings() != null) {
      Set<Rating> ratings = new LinkedHashSet<>();
      for (String code : options.getRatings()) {
        Rating rating = Rating.parse(code);
        if (rating == Rating.UNKNOWN) {
          throw new IllegalArgumentException(
              "--ratings takes g, s, q, e (or general, sensitive, questionable, explicit), not '"
                  + code
                  + "'");
        }
        ratings.add(rating);
      }
      query = query.withRatings(ratings);
    }
    if (options.getMinScore() != null) {
      query = query.withMinScore(options.getMinScore());
    }
    if (options.getBlacklist() != null) {
      query = query.withBlacklist(Set.copyOf(options.getBlacklist()));
    }
    if (options.getCaptionCategories() != null) {
      query = query.withCaptionCategories(options.getCaptionCategories());
    }
    if (options.getRequestsPerSecond() != null) {
      query = query.withRequestsPerSecond(options.getRequestsPerSecond());
    }
    return query;
  }
}
