package dev.loraflow.transforms.source.booru;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads booru searches as undecoded {@link dev.loraflow.transforms.model.Sample}s (id {@code
 * danbooru:123}, file bytes with verified md5, every tag by category, rating, caption), plus a
 * reject for every post it listed but did not deliver, with the reason.
 *
 * <pre>{@code
 * SamplesAndRejects posts = pipeline.apply("Danbooru",
 *     BooruSource.read(BooruQuery.of(BooruSite.DANBOORU, "hakurei_reimu solo")
 *             .withCredentials(BooruCredentials.resolve(BooruSite.DANBOORU, login, key, null)))
 *         .withArchiveDir(outputDir + "/booru"));
 * }</pre>
 *
 * <p>Steps: the queries → each query's pages, in order (cursors depend on the page before) and
 * filtered before download → one post per md5, across all queries → downloads, fanned out, at the
 * configured rate and concurrency per host. With an archive folder, files are kept there and a
 * rerun downloads nothing it already has.
 */
@AutoValue
public abstract class BooruSource extends PTransform<PBegin, SamplesAndRejects> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(BooruSource.class);

  abstract List<BooruQuery> queries();

  abstract @Nullable String archiveDir();

  abstract Builder toBuilder();

  /** Reads {@code query}, and {@code more} queries deduplicated against it by md5. */
  public static BooruSource read(BooruQuery query, BooruQuery... more) {
    List<BooruQuery> queries = new ArrayList<>();
    queries.add(query);
    queries.addAll(List.of(more));
    return new AutoValue_BooruSource.Builder().setQueries(List.copyOf(queries)).build();
  }

  /**
   * Keeps downloaded files and the download archive in {@code dir} (e.g. {@code <output>/booru}),
   * so an interrupted or repeated run downloads only what it does not have yet.
   */
  public BooruSource withArchiveDir(String dir) {
    if (Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
      throw new IllegalArgumentException("The archive folder is a file: " + dir);
    }
    return toBuilder().setArchiveDir(dir).build();
  }

  @Override
  public SamplesAndRejects expand(PBegin begin) {
    for (BooruQuery query : queries()) {
      if (query.site() == BooruSite.E621
          && query.credentials().isAnonymous()
          && query.contact().isEmpty()) {
        LOG.warn(
            "e621 asks every client to name its user in the User-Agent: set withContact(\"your e621"
                + " name\")");
      }
    }
    String runId = UUID.randomUUID().toString();
    List<Integer> indices =
        IntStream.range(0, queries().size()).boxed().collect(Collectors.toList());
    PCollectionTuple listed =
        begin
            .apply("Queries", Create.of(indices).withCoder(VarIntCoder.of()))
            .apply(
                "List and filter posts",
                ParDo.of(new ListPostsFn(queries(), runId))
                    .withOutputTags(ListPostsFn.POSTS, TupleTagList.of(SamplesAndRejects.REJECTS)));
    PCollectionTuple unique =
        listed
            .get(ListPostsFn.POSTS)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), BooruPostCoder.of()))
            .apply("Group by md5", GroupByKey.create())
            .apply(
                "One post per md5",
                ParDo.of(new FirstPerMd5Fn(runId))
                    .withOutputTags(
                        FirstPerMd5Fn.KEPT, TupleTagList.of(SamplesAndRejects.REJECTS)));
    SamplesAndRejects downloaded =
        SamplesAndRejects.apply(
            unique.get(FirstPerMd5Fn.KEPT).setCoder(BooruPostCoder.of()),
            "Download",
            new DownloadFn(queries(), runId, archiveDir()));
    PCollection<Reject> rejects =
        PCollectionList.of(listed.get(SamplesAndRejects.REJECTS).setCoder(RejectCoder.of()))
            .and(unique.get(SamplesAndRejects.REJECTS).setCoder(RejectCoder.of()))
            .and(downloaded.rejects())
            .apply("All rejects", Flatten.pCollections());
    return SamplesAndRejects.of(downloaded.samples(), rejects.setCoder(RejectCoder.of()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    for (int i = 0; i < queries().size(); i++) {
      BooruQuery query = queries().get(i);
      String prefix = queries().size() == 1 ? "" : "query" + i + ".";
      builder
          .add(DisplayData.item(prefix + "site", query.site().id()))
          .add(DisplayData.item(prefix + "tags", query.tags()))
          .add(DisplayData.item(prefix + "baseUrl", query.baseUrl()))
          .add(DisplayData.item(prefix + "account", query.credentials().toString()))
          .add(DisplayData.item(prefix + "maxPosts", query.maxPosts()))
          .add(DisplayData.item(prefix + "requestsPerSecond", query.requestsPerSecond()))
          .add(DisplayData.item(prefix + "maxPageBytes", query.maxPageBytes()))
          .add(DisplayData.item(prefix + "maxFileBytes", query.maxFileBytes()))
          .add(
              DisplayData.item(prefix + "captionCategories", query.captionCategories().toString()));
    }
    builder.addIfNotNull(DisplayData.item("archiveDir", archiveDir()));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setQueries(List<BooruQuery> queries);

    abstract Builder setArchiveDir(String archiveDir);

    abstract BooruSource build();
  }
}
