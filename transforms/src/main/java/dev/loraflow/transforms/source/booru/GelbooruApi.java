package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Gelbooru 0.2 dapi ({@code index.php?page=dapi&s=post&q=index&json=1}), pages numbered by {@code
 * pid} from 0. gelbooru.com wraps posts in {@code post} and leaves the key out when nothing
 * matched; Safebooru.org answers a bare array (or nothing), calls the md5 {@code hash} and may give
 * the file only as {@code directory} + {@code image}. Post tags come without categories: all
 * general.
 *
 * <p>Gelbooru serves offsets only up to {@value #MAX_OFFSET} results; past them the search goes on
 * from page 0 with {@code id:<lowest id seen} added to the tags, as Grabber does. That keeps only
 * the default newest-first order: a search with {@code sort:} (or {@code order:}, which Grabber
 * turns into {@code sort:}) stops at the offset limit.
 */
final class GelbooruApi implements BooruApi {

  static final int MAX_OFFSET = 20_000;

  private final BooruQuery query;
  private final int index;
  private final HttpUrl base;

  GelbooruApi(BooruQuery query, int index) {
    this.query = query;
    this.index = index;
    this.base = HttpUrl.get(query.baseUrl());
  }

  @Override
  public HttpUrl pageUrl(String page) {
    boolean cursor = page.startsWith("b");
    String tags = cursor ? (query.tags() + " id:<" + page.substring(1)).trim() : query.tags();
    return base.newBuilder()
        .addPathSegment("index.php")
        .addQueryParameter("page", "dapi")
        .addQueryParameter("s", "post")
        .addQueryParameter("q", "index")
        .addQueryParameter("json", "1")
        .addQueryParameter("limit", Integer.toString(query.pageSize()))
        .addQueryParameter("pid", cursor ? "0" : page)
        .addQueryParameter("tags", tags)
        .build();
  }

  @Override
  public Paging paging(ApiReader reader) {
    int lastPage = MAX_OFFSET / query.pageSize() - 1;
    Optional<SearchTerms.Term> sort =
        SearchTerms.find(SearchTerms.of(query.tags()), Set.of("sort", "order"));
    if (sort.isEmpty()) {
      return Paging.numberedThen(0, lastPage, Paging.Cursor.BEFORE);
    }
    return Paging.numberedUpTo(
        0,
        lastPage,
        "Past them loraflow would go on by adding id:<, which lists by id, and \""
            + sort.get().text()
            + "\" does not: going on would list wrong or repeated posts. Split the search into"
            + " narrower ones (score: or id: ranges) or leave the sort out.");
  }

  @Override
  public List<BooruPost> posts(JsonNode page) {
    JsonNode array = page.isArray() ? page : page.path("post");
    List<BooruPost> posts = new ArrayList<>();
    for (JsonNode post : array) {
      long id = post.path("id").asLong();
      String md5 =
          Json.text(post, "md5").isEmpty() ? Json.text(post, "hash") : Json.text(post, "md5");
      String fileUrl = fileUrl(post);
      posts.add(
          BooruPost.builder(index, query.site(), id)
              .md5(md5)
              .fileUrl(fileUrl)
              .postUrl(
                  base.newBuilder()
                      .addPathSegment("index.php")
                      .addQueryParameter("page", "post")
                      .addQueryParameter("s", "view")
                      .addQueryParameter("id", Long.toString(id))
                      .build()
                      .toString())
              .extension(Json.extensionOf(fileUrl))
              .size(Json.integer(post, "width"), Json.integer(post, "height"))
              .score(Json.integer(post, "score"))
              .rating(Rating.parse(Json.text(post, "rating")))
              .tags(Map.of(TagCategory.GENERAL, Json.words(Json.text(post, "tags"))))
              .build());
    }
    return posts;
  }

  private String fileUrl(JsonNode post) {
    String url = Json.url(post, "file_url", base);
    if (!url.isEmpty() || Json.text(post, "image").isEmpty()) {
      return url;
    }
    return base.newBuilder()
        .addPathSegment("images")
        .addPathSegment(Json.text(post, "directory"))
        .addPathSegment(Json.text(post, "image"))
        .build()
        .toString();
  }
}
