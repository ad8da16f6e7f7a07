package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Danbooru's tag knowledge, read page by page with the client of the booru sources (its account,
 * rate limit, retries, page bound and redaction): the active tag implications ({@code
 * /tag_implications.json}), the active aliases ({@code /tag_aliases.json}) and the most used tags
 * with their post counts ({@code /tags.json}). The {@link BooruQuery} only carries the connection:
 * site (a Danbooru), base URL, credentials and politeness; its search is not used.
 *
 * <p>A page that is not what the API promises fails the whole read, naming the URL with its page: a
 * list with a hole in it would make the tags it lost look unknown.
 */
public final class DanbooruTagLists {

  private static final Logger LOG = LoggerFactory.getLogger(DanbooruTagLists.class);

  /** Danbooru's largest page for these lists. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** One implication or alias: {@code from} implies (or is an alias of) {@code to}. */
  public record Pair(String from, String to) {}

  /**
   * One tag with the number of posts it is on; {@code category} as Danbooru numbers it (0 general,
   * 1 artist, 3 copyright, 4 character, 5 meta).
   */
  public record Counted(String name, int category, long postCount) {}

  private final BooruQuery connection;
  private final ApiReader reader;
  private final HttpUrl base;
  private final int pageSize;

  private DanbooruTagLists(BooruQuery connection, int pageSize) {
    if (connection.site().family() != ApiFamily.DANBOORU) {
      throw new IllegalArgumentException(
          "DanbooruTagLists.of(connection): tag implications, aliases and counts are read from a"
              + " Danbooru, not from "
              + connection.site().id());
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "DanbooruTagLists.withPageSize: 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
    }
    this.connection = connection;
    this.reader = new ApiReader(connection, BooruHttp.apiClient(connection, Clock.SYSTEM));
    this.base = HttpUrl.get(connection.baseUrl());
    this.pageSize = pageSize;
  }

  /** Reads from the Danbooru of {@code connection}, {@value #MAX_PAGE_SIZE} entries a page. */
  public static DanbooruTagLists of(BooruQuery connection) {
    return new DanbooruTagLists(connection, MAX_PAGE_SIZE);
  }

  /** Smaller pages (tests, or a server that caps them lower). */
  public DanbooruTagLists withPageSize(int entries) {
    return new DanbooruTagLists(connection, entries);
  }

  /** Where the lists come from, for logs and the cache's record. */
  public String baseUrl() {
    return base.toString();
  }

  /** Every active implication, newest first. */
  public List<Pair> activeImplications() throws IOException {
    return pairs("tag_implications.json", "tag implications");
  }

  /** Every active alias, newest first. */
  public List<Pair> activeAliases() throws IOException {
    return pairs("tag_aliases.json", "tag aliases");
  }

  /**
   * The tags on at least {@code minPostCount} posts, most used first, at most {@code maxTags} of
   * them.
   */
  public List<Counted> tags(long minPostCount, int maxTags) throws IOException {
    List<Counted> tags = new ArrayList<>();
    for (int page = 1; tags.size() < maxTags; page++) {
      HttpUrl url =
          base.newBuilder()
              .addPathSegment("tags.json")
              .addQueryParameter("search[order]", "count")
              .addQueryParameter("search[post_count]", ">=" + minPostCount)
              .addQueryParameter("limit", Integer.toString(pageSize))
              .addQueryParameter("page", Integer.toString(page))
              .build();
      int before = tags.size();
      reader.read(url, answer -> readTags(answer, tags::add));
      if (tags.size() == before) {
        break;
      }
      log("tags", page, tags.size());
    }
    return tags.size() > maxTags ? List.copyOf(tags.subList(0, maxTags)) : List.copyOf(tags);
  }

  // Paged by id cursor (page=b<id>): the list may change while it is read, and numbered pages
  // would then skip or repeat entries.
  private List<Pair> pairs(String endpoint, String what) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    long[] lowest = {Long.MAX_VALUE};
    for (int page = 1; ; page++) {
      HttpUrl url =
          base.newBuilder()
              .addPathSegment(endpoint)
              .addQueryParameter("search[status]", "active")
              .addQueryParameter("limit", Integer.toString(pageSize))
              .addQueryParameter("page", page == 1 ? "1" : "b" + lowest[0])
              .build();
      int before = pairs.size();
      reader.read(url, answer -> readPairs(answer, what, pairs::add, lowest));
      if (pairs.size() == before) {
        return List.copyOf(pairs);
      }
      log(what, page, pairs.size());
    }
  }

  private void log(String what, int page, int sofar) {
    if (page % 10 == 0) {
      LOG.info("{}: {} page {}, {} so far", connection.site().id(), what, page, sofar);
    }
  }

  private static Void readPairs(JsonNode answer, String what, Consumer<Pair> out, long[] lowest)
      throws JsonMappingException {
    JsonNode entries = Json.requireArray(answer, what);
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      long id = id(entry, what, i);
      out.accept(
          new Pair(
              name(entry, "antecedent_name", what, i), name(entry, "consequent_name", what, i)));
      lowest[0] = Math.min(lowest[0], id);
    }
    return null;
  }

  private static Void readTags(JsonNode answer, Consumer<Counted> out) throws JsonMappingException {
    JsonNode entries = Json.requireArray(answer, "tags");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      JsonNode count = entry.get("post_count");
      JsonNode category = entry.get("category");
      if (count == null || !count.canConvertToLong() || category == null || !category.isInt()) {
        throw malformed("tags", i, "a numeric post_count and category", entry);
      }
      out.accept(new Counted(name(entry, "name", "tags", i), category.asInt(), count.asLong()));
    }
    return null;
  }

  private static long id(JsonNode entry, String what, int index) throws JsonMappingException {
    JsonNode id = entry.get("id");
    if (id == null || !id.canConvertToLong()) {
      throw malformed(what, index, "a numeric id", entry);
    }
    return id.asLong();
  }

  private static String name(JsonNode entry, String field, String what, int index)
      throws JsonMappingException {
    JsonNode name = entry.get(field);
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw malformed(what, index, "a tag name in " + field, entry);
    }
    return name.asText();
  }

  private static JsonMappingException malformed(
      String what, int index, String expected, JsonNode entry) {
    String shown = entry.toString();
    return JsonMappingException.from(
        (JsonParser) null,
        what
            + " entry "
            + (index + 1)
            + " of the page has no "
            + expected
            + ": "
            + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown));
  }
}
