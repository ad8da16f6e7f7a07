package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Walks a search page by page, in order (cursors depend on the page before), and hands each listed
 * post to a consumer until the pages end or the consumer has enough. When the consumer stops early,
 * the one page asked for ahead is canceled.
 */
final class PostLister {

  private static final ExecutorService PREFETCH =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "booru-page-prefetch");
            thread.setDaemon(true);
            return thread;
          });

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
    String page = api.paging().first();
    List<BooruPost> posts = fetch(call(page));
    while (true) {
      onPage.run();
      Optional<String> next = api.paging().next(page, posts, query.pageSize());
      // The next page is fetched while this one is handed on, so the rate limit's wait and the
      // network overlap the work downstream; still one request at a time, in order.
      Optional<Call> call = next.map(this::call);
      Optional<CompletableFuture<List<BooruPost>>> ahead = call.map(this::fetchAhead);
      for (BooruPost post : posts) {
        if (!consumer.test(post)) {
          call.ifPresent(Call::cancel); // usually still waiting for its rate-limit slot: never sent
          return;
        }
      }
      if (ahead.isEmpty()) {
        return;
      }
      page = next.get();
      posts = await(ahead.get());
    }
  }

  private Call call(String page) {
    return client.newCall(new Request.Builder().url(api.pageUrl(page)).build());
  }

  private CompletableFuture<List<BooruPost>> fetchAhead(Call call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return fetch(call);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        PREFETCH);
  }

  private static List<BooruPost> await(CompletableFuture<List<BooruPost>> page) throws IOException {
    try {
      return page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for a page");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException cause) {
        throw cause;
      }
      throw new IllegalStateException("Listing failed", e.getCause());
    }
  }

  private List<BooruPost> fetch(Call call) throws IOException {
    Request request = call.request();
    try (Response response = call.execute()) {
      String body = response.body().string();
      if (!response.isSuccessful() || ApiErrors.demandsAuthentication(body)) {
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
          query.site().id()
              + " request failed after "
              + query.maxAttempts()
              + " tries: "
              + redactor.url(request.url())
              + ": "
              + redactor.text(String.valueOf(e.getMessage())));
    }
  }
}
