package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Danbooru 2.x {@code /posts.json}: a bare array of posts with per-category tag strings; {@code
 * file_url} and {@code md5} are missing on posts the account may not see. Before the first page the
 * account's level is read from {@code /profile.json}: it sets the tags a search may have and the
 * numbered pages (1000, Gold 5000) before {@code b<id>} or {@code a<id>} cursors take over. A
 * server without {@code /profile.json} gets the Member limits ({@link DanbooruAccount#unread}).
 */
final class DanbooruApi implements BooruApi {

  private static final Logger LOG = LoggerFactory.getLogger(DanbooruApi.class);
  private static final int NOT_FOUND = 404;

  // The metatags that set the order of results (DAN app/logical/post_query.rb ORDER_METATAGS),
  // and random:, which samples.
  private static final Set<String> ORDERING =
      Set.of("order", "ordfav", "ordpool", "ordfavgroup", "random");
  private static final Map<TagCategory, String> TAG_FIELDS =
      Map.of(
          TagCategory.GENERAL, "tag_string_general",
          TagCategory.CHARACTER, "tag_string_character",
          TagCategory.COPYRIGHT, "tag_string_copyright",
          TagCategory.ARTIST, "tag_string_artist",
          TagCategory.META, "tag_string_meta");

  private final BooruQuery query;
  private final int index;
  private final HttpUrl base;
  private final Optional<DanbooruAccount> knownAccount;

  DanbooruApi(BooruQuery query, int index) {
    this(query, index, Optional.empty());
  }

  /** With the account's limits already known, so its profile is not read. */
  DanbooruApi(BooruQuery query, int index, Optional<DanbooruAccount> knownAccount) {
    this.query = query;
    this.index = index;
    this.base = HttpUrl.get(query.baseUrl());
    this.knownAccount = knownAccount;
  }

  @Override
  public HttpUrl pageUrl(String page) {
    return base.newBuilder()
        .addPathSegment("posts.json")
        .addQueryParameter("tags", query.tags())
        .addQueryParameter("limit", Integer.toString(query.pageSize()))
        .addQueryParameter("page", page)
        .build();
  }

  @Override
  public Paging paging(ApiReader reader) throws IOException {
    DanbooruAccount account = account(reader);
    account.check(query);
    return Paging.danbooruStyle(
        "Danbooru",
        account.pageLimit(),
        SearchTerms.find(SearchTerms.of(query.tags()), ORDERING),
        account.isBelowGold() ? " A Gold account reaches page 5000." : "");
  }

  private DanbooruAccount account(ApiReader reader) throws IOException {
    if (knownAccount.isPresent()) {
      return knownAccount.get();
    }
    if (query.credentials().isAnonymous()) {
      return DanbooruAccount.anonymous();
    }
    HttpUrl profile = base.newBuilder().addPathSegment("profile.json").build();
    try {
      return reader.read(profile, DanbooruAccount::fromProfile);
    } catch (BooruApiException e) {
      if (e.status() != NOT_FOUND) {
        throw e;
      }
      LOG.warn(
          "{} serves no account profile at {} (HTTP 404): paging with the Member limit of 1000"
              + " numbered pages, and leaving the tag limit to the server.",
          query.site().id(),
          profile);
      return DanbooruAccount.unread();
    }
  }

  @Override
  public List<BooruPost> posts(JsonNode page) throws JsonMappingException {
    List<BooruPost> posts = new ArrayList<>();
    for (JsonNode post : Json.requireArray(page, "posts")) {
      Map<TagCategory, List<String>> tags = new EnumMap<>(TagCategory.class);
      TAG_FIELDS.forEach(
          (category, field) -> tags.put(category, Json.words(Json.text(post, field))));
      long id = post.path("id").asLong();
      posts.add(
          BooruPost.builder(index, query.site(), id)
              .md5(Json.text(post, "md5"))
              .fileUrl(Json.url(post, "file_url", base))
              .postUrl(
                  base.newBuilder()
                      .addPathSegment("posts")
                      .addPathSegment(Long.toString(id))
                      .build()
                      .toString())
              .extension(Json.text(post, "file_ext"))
              .size(Json.integer(post, "image_width"), Json.integer(post, "image_height"))
              .score(Json.integer(post, "score"))
              .rating(Rating.parse(Json.text(post, "rating")))
              .tags(tags)
              .build());
    }
    return posts;
  }
}
