package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * e621 {@code /posts.json}: posts under {@code posts}, the file in {@code file{url,md5,ext,...}},
 * tags grouped by category. Species describe what is drawn, so they join general; lore, invalid and
 * contributor tags are about the post, so they go to meta. Numbered pages to 750 for every account
 * (e621ng config max_numbered_pages), then {@code b<id>} or, for {@code order:id}, {@code a<id>}.
 */
final class E621Api implements BooruApi {

  static final int PAGE_LIMIT = 750;
  private static final Map<String, TagCategory> GROUPS =
      Map.of(
          "general", TagCategory.GENERAL,
          "species", TagCategory.GENERAL,
          "character", TagCategory.CHARACTER,
          "copyright", TagCategory.COPYRIGHT,
          "artist", TagCategory.ARTIST,
          "meta", TagCategory.META,
          "lore", TagCategory.META,
          "invalid", TagCategory.META,
          "contributor", TagCategory.META);
  // Fixed order, so species follow general and the caption reads the same on every run.
  private static final List<String> GROUP_ORDER =
      List.of(
          "general",
          "species",
          "character",
          "copyright",
          "artist",
          "meta",
          "lore",
          "invalid",
          "contributor");

  private final BooruQuery query;
  private final int index;
  private final HttpUrl base;

  E621Api(BooruQuery query, int index) {
    this.query = query;
    this.index = index;
    this.base = HttpUrl.get(query.baseUrl());
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
  public Paging paging(ApiReader reader) {
    return Paging.danbooruStyle(
        "e621", PAGE_LIMIT, SearchTerms.find(SearchTerms.of(query.tags()), Set.of("order")), "");
  }

  @Override
  public List<BooruPost> posts(JsonNode page) throws JsonMappingException {
    List<BooruPost> posts = new ArrayList<>();
    for (JsonNode post : Json.requireArray(page.path("posts"), "posts")) {
      long id = post.path("id").asLong();
      JsonNode file = post.path("file");
      posts.add(
          BooruPost.builder(index, query.site(), id)
              .md5(Json.text(file, "md5"))
              .fileUrl(Json.url(file, "url", base))
              .postUrl(
                  base.newBuilder()
                      .addPathSegment("posts")
                      .addPathSegment(Long.toString(id))
                      .build()
                      .toString())
              .extension(Json.text(file, "ext"))
              .size(Json.integer(file, "width"), Json.integer(file, "height"))
              .score(post.path("score").path("total").asInt())
              .rating(Json.safeQuestionableExplicit(Json.text(post, "rating")))
              .tags(tags(post.path("tags")))
              .build());
    }
    return posts;
  }

  private static Map<TagCategory, List<String>> tags(JsonNode groups) {
    Map<TagCategory, List<String>> tags = new EnumMap<>(TagCategory.class);
    for (String group : GROUP_ORDER) {
      List<String> names = Json.names(groups.get(group));
      if (!names.isEmpty()) {
        tags.computeIfAbsent(GROUPS.get(group), category -> new ArrayList<>()).addAll(names);
      }
    }
    return tags;
  }
}
