package dev.loraflow.transforms.source.booru;

import dev.loraflow.testing.HeapWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Not a test: measures the booru source against a local fake Danbooru that answers every request
 * after 50 ms. Reports achieved API requests/s and downloads/s against the configured limits, and
 * the peak heap as the post count grows. API and files sit on two host names (localhost, 127.0.0.1)
 * so each gets its own limiter, as danbooru.donmai.us and cdn.donmai.us do. Files go to a download
 * archive in a temporary folder, as in a recipe run.
 *
 * <pre>
 * java [-Dbooru.api=10] [-Dbooru.downloads=100] [-Dbooru.fileBytes=8192] [-Dbooru.inMemory=true] -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     dev.loraflow.transforms.source.booru.BooruBenchmark [posts...]
 * </pre>
 */
public final class BooruBenchmark {

  private static final long LATENCY_MS = 50;
  private static final double API_PER_SECOND =
      Double.parseDouble(System.getProperty("booru.api", "10"));
  private static final double DOWNLOADS_PER_SECOND =
      Double.parseDouble(System.getProperty("booru.downloads", "100"));
  private static final int CONCURRENT_DOWNLOADS = 8;
  private static final int PAGE_SIZE = 100;
  private static final int FILE_BYTES = Integer.getInteger("booru.fileBytes", 8 * 1024);
  // Without an archive the samples hold their files in memory, as every sample did before.
  private static final boolean ARCHIVE = !Boolean.getBoolean("booru.inMemory");

  private static final HeapWatch HEAP = HeapWatch.start();

  private BooruBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        args.length == 0
            ? List.of(1_000, 2_500, 5_000, 10_000)
            : List.of(args).stream().map(Integer::valueOf).toList();
    System.out.printf(
        "limits: %.0f API req/s, %.0f downloads/s, %d concurrent; %d ms latency, %d posts/page,"
            + " %d-byte files %s%n",
        API_PER_SECOND,
        DOWNLOADS_PER_SECOND,
        CONCURRENT_DOWNLOADS,
        LATENCY_MS,
        PAGE_SIZE,
        FILE_BYTES,
        ARCHIVE ? "archived on disk" : "held in memory");
    run(200, false); // warm-up: class loading and JIT, not reported
    System.out.println(
        "posts  api_req  api_req/s  (x limit)  downloads  downloads/s  (x limit)  seconds "
            + " peak_heap_MB  peak_live_MB");
    for (int posts : sizes) {
      run(posts, true);
    }
  }

  private static void run(int count, boolean report) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.start();
      FakeBooru booru =
          new FakeBooru(
                  BooruSite.DANBOORU,
                  server,
                  LongStream.rangeClosed(1, count)
                      .mapToObj(id -> FakeBooru.Post.of(id).withSize(FILE_BYTES))
                      .toList())
              .withFileHost("127.0.0.1")
              .withLatency(LATENCY_MS);
      BooruQuery query =
          BooruQuery.of(BooruSite.DANBOORU, "solo")
              .withBaseUrl(server.url("/").toString())
              .withPageSize(PAGE_SIZE)
              .withRequestsPerSecond(API_PER_SECOND)
              .withDownloads(DOWNLOADS_PER_SECOND, CONCURRENT_DOWNLOADS);
      DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
      options.setTargetParallelism(CONCURRENT_DOWNLOADS + 2);
      Pipeline pipeline = Pipeline.create(options);
      // A consumer downstream, as in a recipe: samples are used and let go, not kept as a result.
      Path archive = Files.createTempDirectory("booru-bench-archive");
      BooruSource source = BooruSource.read(query);
      pipeline
          .apply(ARCHIVE ? source.withArchiveDir(archive.toString()) : source)
          .samples()
          .apply(
              "Sizes",
              MapElements.into(TypeDescriptors.integers()).via(sample -> sample.bytes().length))
          .apply("Total", Sum.integersGlobally());

      HEAP.reset();
      long start = System.nanoTime();
      pipeline.run().waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      deleteTree(archive);
      if (!report) {
        return;
      }
      System.out.printf(
          "%5d  %7d  %9.2f  %9.3f  %9d  %11.1f  %9.3f  %7.1f  %12.0f  %13.0f%n",
          count,
          booru.apiRequests(),
          booru.apiRate(),
          booru.apiRate() / API_PER_SECOND,
          booru.fileRequests(),
          booru.fileRate(),
          booru.fileRate() / DOWNLOADS_PER_SECOND,
          seconds,
          HEAP.peakUsedMb(),
          HEAP.peakLiveMb());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
