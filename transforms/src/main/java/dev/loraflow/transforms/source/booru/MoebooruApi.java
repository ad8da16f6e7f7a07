package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Moebooru {@code /post.json} (yande.re, konachan): a bare array, numbered pages from 1, one
 * space-separated tag string without categories (all general here), {@code s} meaning safe.
 * Moebooru has no page limit and no cursors (moebooru app/controllers/post_controller.rb index), so
 * numbered pages walk a search of any size in any order.
 */
final class MoebooruApi implements BooruApi {

  private final BooruQuery query;
  private final int index;
  private final HttpUrl base;

  MoebooruApi(BooruQuery query, int index) {
    this.query = query;
    this.index = index;
    this.base = HttpUrl.get(query.baseUrl());
  }

  @Override
  public HttpUrl pageUrl(String page) {
    return base.newBuilder()
        .addPathSegment("post.json")
        .addQueryParameter("tags", query.tags())
        .addQueryParameter("limit", Integer.toString(query.pageSize()))
        .addQueryParameter("page", page)
        .build();
  }

  @Override
  public Paging paging(ApiReader reader) {
    return Paging.numbered(1);
  }

  @Override
  public List<BooruPost> posts(JsonNode page) throws JsonMappingException {
    List<BooruPost> posts = new ArrayList<>();
    for (JsonNode post : Json.requireArray(page, "posts")) {
      long id = post.path("id").asLong();
      String fileUrl = Json.url(post, "file_url", base);
      String extension = Json.text(post, "file_ext");
      posts.add(
          BooruPost.builder(index, query.site(), id)
              .md5(Json.text(post, "md5"))
              .fileUrl(fileUrl)
              .postUrl(
                  base.newBuilder()
                      .addPathSegments("post/show")
                      .addPathSegment(Long.toString(id))
                      .build()
                      .toString())
              .extension(extension.isEmpty() ? Json.extensionOf(fileUrl) : extension)
              .size(Json.integer(post, "width"), Json.integer(post, "height"))
              .score(Json.integer(post, "score"))
              .rating(Json.safeQuestionableExplicit(Json.text(post, "rating")))
              .tags(Map.of(TagCategory.GENERAL, Json.words(Json.text(post, "tags"))))
              .build());
    }
    return posts;
  }
}
