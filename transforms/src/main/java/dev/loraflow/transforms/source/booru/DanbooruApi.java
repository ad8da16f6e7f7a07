package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Danbooru 2.x {@code /posts.json}: a bare array of posts with per-category tag strings. Members
 * may page by number to 1000, then by {@code b<id>}; {@code file_url} and {@code md5} are missing
 * on posts the account may not see.
 */
final class DanbooruApi implements BooruApi {

  static final int PAGE_LIMIT = 1000;
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
  private final Paging paging;

  DanbooruApi(BooruQuery query, int index) {
    this(query, index, PAGE_LIMIT);
  }

  DanbooruApi(BooruQuery query, int index, int pageLimit) {
    this.query = query;
    this.index = index;
    this.base = HttpUrl.get(query.baseUrl());
    this.paging = Paging.numberedThenCursor(1, pageLimit);
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
  public Paging paging() {
    return paging;
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
          new BooruPost(
              index,
              query.site(),
              id,
              Json.text(post, "md5"),
              Json.url(post, "file_url", base),
              base.newBuilder()
                  .addPathSegment("posts")
                  .addPathSegment(Long.toString(id))
                  .build()
                  .toString(),
              Json.text(post, "file_ext"),
              Json.integer(post, "image_width"),
              Json.integer(post, "image_height"),
              Json.integer(post, "score"),
              Rating.parse(Json.text(post, "rating")),
              tags));
    }
    return posts;
  }
}
