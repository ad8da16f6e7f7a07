package dev.loraflow.transforms.source.booru;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a search page by page, in order (cursors depend on the page before), and hands each listed
 * post to a consumer until the pages end or the consumer has enough. When the consumer stops early,
 * the one page asked for ahead is canceled. A search its site cannot page to the end is walked as
 * far as it can be, with a warning saying so.
 */
final class PostLister {

  private static final Logger LOG = LoggerFactory.getLogger(PostLister.class);
  private static final ExecutorService PREFETCH =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "booru-page-prefetch");
            thread.setDaemon(true);
            return thread;
          });

  private final BooruQuery query;
  private final BooruApi api;
  private final ApiReader reader;

  PostLister(BooruQuery query, BooruApi api, OkHttpClient client) {
    this.query = query;
    this.api = api;
    this.reader = new ApiReader(query, client);
  }

  /**
   * Lists every post; {@code consumer} returns false once it wants no more.
   *
   * @param onPage told after each page is read
   * @return false when the site's page limit stopped the walk before the search's end
   */
  boolean list(Predicate<BooruPost> consumer, Runnable onPage) throws IOException {
    Paging paging = api.paging(reader);
    String page = paging.first();
    List<BooruPost> posts = fetch(paging, page, reader.call(api.pageUrl(page)));
    while (true) {
      onPage.run();
      Optional<String> next = paging.next(page, posts);
      // The next page is fetched while this one is handed on, so the rate limit's wait and the
      // network overlap the work downstream; still one request at a time, in order.
      Optional<Call> call = next.map(token -> reader.call(api.pageUrl(token)));
      Optional<CompletableFuture<List<BooruPost>>> ahead =
          call.map(request -> fetchAhead(paging, next.get(), request));
      for (BooruPost post : posts) {
        if (!consumer.test(post)) {
          call.ifPresent(Call::cancel); // usually still waiting for its rate-limit slot: never sent
          return true;
        }
      }
      if (ahead.isEmpty()) {
        if (paging.cutShort(page, posts, query.pageSize())) {
          LOG.warn(paging.cutShortWarning(query));
          return false;
        }
        return true;
      }
      page = next.get();
      posts = await(ahead.get());
    }
  }

  private List<BooruPost> fetch(Paging paging, String page, Call call) throws IOException {
    return paging.inWalkingOrder(page, reader.read(call, api::posts));
  }

  private CompletableFuture<List<BooruPost>> fetchAhead(Paging paging, String page, Call call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return fetch(paging, page, call);
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
}
