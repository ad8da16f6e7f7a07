package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the posts of one query (its index in the source), page after page, and filters them before
 * any download: wanted posts go out keyed by md5, the rest become rejects. A refusal of the search
 * itself (bad key, challenge, tag limit, malformed JSON) fails the run with its message.
 */
final class ListPostsFn extends DoFn<Integer, KV<String, BooruPost>> {

  static final TupleTag<KV<String, BooruPost>> POSTS = new TupleTag<>("posts") {};
  static final String STAGE = "booru-filter";
  private static final Logger LOG = LoggerFactory.getLogger(ListPostsFn.class);

  private final List<BooruQuery> queries;
  private final String runId;
  private transient List<OkHttpClient> clients;

  ListPostsFn(List<BooruQuery> queries, String runId) {
    this.queries = queries;
    this.runId = runId;
  }

  @Setup
  public void setup() {
    clients = new ArrayList<>();
    for (BooruQuery query : queries) {
      clients.add(BooruHttp.apiClient(query, Clock.SYSTEM));
    }
  }

  @ProcessElement
  public void process(@Element Integer index, MultiOutputReceiver out) throws IOException {
    BooruQuery query = queries.get(index);
    BooruProgress progress = BooruProgress.of(runId, query.site());
    PostFilter filter = new PostFilter(query);
    AtomicInteger wanted = new AtomicInteger();
    LOG.info("Listing {}", query.describe());
    boolean walkedToTheEnd =
        new PostLister(query, query.site().family().api(query, index), clients.get(index))
            .list(
                post -> {
                  progress.listed();
                  Optional<Skip> skip = filter.skipReason(post);
                  if (skip.isPresent()) {
                    progress.skipped(skip.get().kind());
                    String uri = post.fileUrl().isEmpty() ? post.postUrl() : post.fileUrl();
                    out.get(SamplesAndRejects.REJECTS)
                        .output(new Reject(post.key(), uri, STAGE, skip.get().detail()));
                    return true;
                  }
                  progress.wanted();
                  out.get(POSTS).output(KV.of(post.md5(), post));
                  return query.maxPosts() == 0 || wanted.incrementAndGet() < query.maxPosts();
                },
                progress::page);
    if (!walkedToTheEnd) {
      progress.stoppedAtPageLimit();
    }
    progress.listingEnded(queries.stream().filter(other -> other.site() == query.site()).count());
  }
}
