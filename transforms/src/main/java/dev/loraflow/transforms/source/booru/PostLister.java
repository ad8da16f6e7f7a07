package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Walks a search page by page, in order (cursors depend on the page before), and hands each listed
 * post to a consumer until the pages end or the consumer has enough.
 */
final class PostLister {

  private final BooruQuery query;
  private final BooruApi api;
  private final OkHttpClient client;
  private final Redactor redactor;

  PostLister(BooruQuery query, BooruApi api, OkHttpClient client) {
    this.query = query;
    this.api = api;
    this.client = client;
    this.redactor = Redactor.of(query.credentials());
  }

  /**
   * Lists every post; {@code consumer} returns false once it wants no more.
   *
   * @param onPage told after each page is read
   */
  void list(Predicate<BooruPost> consumer, Runnable onPage) throws IOException {
    Optional<String> page = Optional.of(api.paging().first());
    while (page.isPresent()) {
      List<BooruPost> posts = fetch(page.get());
      onPage.run();
      for (BooruPost post : posts) {
        if (!consumer.test(post)) {
          return;
        }
      }
      page = api.paging().next(page.get(), posts, query.pageSize());
    }
  }

  private List<BooruPost> fetch(String page) throws IOException {
    Request request = new Request.Builder().url(api.pageUrl(page)).build();
    try (Response response = client.newCall(request).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw ApiErrors.of(query, response, body, redactor);
      }
      try {
        // Safebooru answers "no results" with an empty body.
        return api.posts(body.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(body));
      } catch (JacksonException e) {
        throw ApiErrors.malformed(query, response, e, redactor);
      }
    } catch (BooruApiException e) {
      throw e;
    } catch (IOException e) {
      // OkHttp's own messages may carry a URL: keep only scrubbed text, and no cause.
      throw new IOException(
          query.site().id() + " request failed after " + query.maxAttempts() + " tries: "
              + redactor.url(request.url()) + ": " + redactor.text(String.valueOf(e.getMessage())));
    }
  }
}
