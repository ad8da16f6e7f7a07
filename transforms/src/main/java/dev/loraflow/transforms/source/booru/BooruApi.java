package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;

/** One API family's dialect: where a page lives, how it is paged, how its posts read. */
interface BooruApi {

  /** The URL of {@code page} (a {@link Paging} token) of the search, without credentials. */
  HttpUrl pageUrl(String page);

  /**
   * How this search is paged, decided before the first page: by the search's order, and on Danbooru
   * by the account's level, read with {@code reader}, which also refuses a search with more tags
   * than the level allows.
   */
  Paging paging(ApiReader reader) throws IOException;

  /** The posts of a page, hidden ones included (without file URL or md5). */
  List<BooruPost> posts(JsonNode page) throws JsonMappingException;
}
