package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.ImageBytes;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns a wanted post into a {@link Sample}: from the download archive when an earlier run kept the
 * file, else downloaded, md5-checked and archived. A file that cannot be had becomes a reject.
 */
final class DownloadFn extends DoFn<BooruPost, Sample> {

  static final String STAGE = "booru-download";

  private final List<BooruQuery> queries;
  private final String runId;
  private final @Nullable String archiveDir;
  private transient List<Downloader> downloaders;
  private transient @Nullable DownloadArchive archive;

  DownloadFn(List<BooruQuery> queries, String runId, @Nullable String archiveDir) {
    this.queries = queries;
    this.runId = runId;
    this.archiveDir = archiveDir;
  }

  @Setup
  public void setup() throws IOException {
    downloaders = new ArrayList<>();
    for (BooruQuery query : queries) {
      downloaders.add(
          new Downloader(query, BooruHttp.downloadClient(query, Clock.SYSTEM), Clock.SYSTEM));
    }
    archive = archiveDir == null ? null : new DownloadArchive(Path.of(archiveDir));
  }

  @ProcessElement
  public void process(@Element BooruPost post, MultiOutputReceiver out)
      throws IOException, InterruptedException {
    BooruProgress progress = BooruProgress.of(runId, post.site());
    Optional<Path> kept = archive == null ? Optional.empty() : archive.find(post);
    ImageBytes content;
    if (kept.isPresent()) {
      archive.record(post);
      progress.fromArchive();
      content = ImageBytes.inFile(kept.get().toAbsolutePath().toString());
    } else {
      byte[] bytes;
      try {
        bytes = downloaders.get(post.query()).download(post);
      } catch (Downloader.DownloadFailedException e) {
        progress.skipped(Skip.Kind.FAILED);
        out.get(SamplesAndRejects.REJECTS)
            .output(new Reject(post.key(), post.fileUrl(), STAGE, e.getMessage()));
        return;
      }
      progress.downloaded(bytes.length);
      // Archived samples point at their file, so downloads waiting for the next stage hold no
      // image in memory.
      content =
          archive == null
              ? ImageBytes.of(bytes)
              : ImageBytes.inFile(archive.store(post, bytes).toAbsolutePath().toString());
    }
    out.get(SamplesAndRejects.SAMPLES)
        .output(PostSamples.of(post, content, queries.get(post.query()).captionCategories()));
  }
}
