package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps one post per md5: the same md5 on two boorus (or twice on one) is the same file. The post
 * of the earliest query wins, then the lowest id, so every run keeps the same one.
 */
final class FirstPerMd5Fn extends DoFn<KV<String, Iterable<BooruPost>>, BooruPost> {

  static final TupleTag<BooruPost> KEPT = new TupleTag<>("kept") {};
  static final String STAGE = "booru-dedupe";
  private static final Comparator<BooruPost> FIRST =
      Comparator.comparingInt(BooruPost::query).thenComparingLong(BooruPost::id);

  private final String runId;

  FirstPerMd5Fn(String runId) {
    this.runId = runId;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<BooruPost>> group, MultiOutputReceiver out) {
    List<BooruPost> posts = new ArrayList<>();
    group.getValue().forEach(posts::add);
    posts.sort(FIRST);
    BooruPost kept = posts.get(0);
    out.get(KEPT).output(kept);
    for (BooruPost duplicate : posts.subList(1, posts.size())) {
      BooruProgress.of(runId, duplicate.site()).skipped(Skip.Kind.DUPLICATE);
      out.get(SamplesAndRejects.REJECTS)
          .output(
              new Reject(
                  duplicate.key(),
                  duplicate.fileUrl(),
                  STAGE,
                  "same file (md5 " + duplicate.md5() + ") as " + kept.key()));
    }
  }
}
