package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BooruSourceTest {

  @StartStop private final MockWebServer server = new MockWebServer();
  @StartStop private final MockWebServer other = new MockWebServer();
  @TempDir Path archive;

  private final Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

  private static PCollection<String> ids(SamplesAndRejects output) {
    return output
        .samples()
        .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
  }

  private static PCollection<String> rejectLines(SamplesAndRejects output) {
    return output
        .rejects()
        .apply(
            "Reject lines",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (Reject reject) ->
                        reject.id() + " " + reject.stage() + ": " + reject.reason()));
  }

  @Test
  void givenFilters_downloadsOnlyWantedPostsAndRejectsTheRestWithReasons() {
    new FakeBooru(
        BooruSite.DANBOORU,
        server,
        List.of(
            FakeBooru.Post.of(1),
            FakeBooru.Post.of(2).withRating("e"),
            FakeBooru.Post.of(3).hide(),
            FakeBooru.Post.of(4).withExt("mp4"),
            FakeBooru.Post.of(5).withGeneral("1girl", "animated"),
            FakeBooru.Post.of(6).withGeneral("1girl", "monochrome"),
            FakeBooru.Post.of(7)));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo")
            .withRatings(Set.of(Rating.GENERAL, Rating.SENSITIVE))
            .withBlacklist(Set.of("monochrome"));

    SamplesAndRejects output = pipeline.apply(BooruSource.read(query));

    PAssert.that(ids(output)).containsInAnyOrder("danbooru:1", "danbooru:7");
    PAssert.that(rejectLines(output))
        .containsInAnyOrder(
            "danbooru:2 booru-filter: rating EXPLICIT is not one of [GENERAL, SENSITIVE]",
            "danbooru:3 booru-filter: not visible to this account (banned, deleted or restricted);"
                + " restricted posts need a higher account level",
            "danbooru:4 booru-filter: file type 'mp4' is not one of [jpeg, jpg, png, webp]",
            "danbooru:5 booru-filter: animated (tagged animated)",
            "danbooru:6 booru-filter: blacklisted tag monochrome");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(BooruSummary.of(result))
        .containsExactly(
            "danbooru: 2 pages, 7 posts listed, 2 downloaded (0.0 MB), 0 from archive, skipped:"
                + " animated 1, blacklist 1, file type 1, hidden 1, rating 1");
  }

  @Test
  void givenAPost_makesAnUndecodedSampleWithAllTagsAndTheChosenCaption() {
    FakeBooru.Post post = FakeBooru.Post.of(42);
    new FakeBooru(BooruSite.DANBOORU, server, List.of(post));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo")
            .withCaptionCategories(List.of(TagCategory.CHARACTER, TagCategory.GENERAL));

    String uri = server.url("/files/" + post.md5() + ".png").toString();
    String postUrl = server.url("/posts/42").toString();
    byte[] bytes = post.bytes();
    String md5 = post.md5();

    SamplesAndRejects output = pipeline.apply(BooruSource.read(query));

    PAssert.thatSingleton(output.samples())
        .satisfies(
            sample -> {
              assertThat(sample.id()).isEqualTo("danbooru:42");
              assertThat(sample.source()).isEqualTo("danbooru");
              assertThat(sample.name()).isEqualTo("danbooru_42");
              assertThat(sample.uri()).isEqualTo(uri);
              assertThat(sample.postUrl()).isEqualTo(postUrl);
              assertThat(sample.bytes()).isEqualTo(bytes);
              assertThat(sample.md5()).isEqualTo(md5);
              assertThat(sample.format()).isEmpty();
              assertThat(sample.width()).isZero();
              assertThat(sample.rating()).isEqualTo(Rating.GENERAL);
              assertThat(sample.tags())
                  .containsExactly(
                      Tag.general("1girl"),
                      Tag.general("solo"),
                      Tag.of("test_artist", TagCategory.ARTIST),
                      Tag.of("test_series", TagCategory.COPYRIGHT),
                      Tag.of("test_character", TagCategory.CHARACTER),
                      Tag.of("highres", TagCategory.META));
              assertThat(sample.caption()).containsExactly("test_character", "1girl", "solo");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenEachFamily_readsSamplesWithTheSiteInTheirIds() {
    new FakeBooru(BooruSite.GELBOORU, server, List.of(FakeBooru.Post.of(1), FakeBooru.Post.of(2)));
    new FakeBooru(BooruSite.E621, other, List.of(FakeBooru.Post.of(3).withRating("s")));
    BooruQuery gelbooru = Fixtures.query(BooruSite.GELBOORU, server, "solo");
    BooruQuery e621 =
        Fixtures.query(BooruSite.E621, other, "solo").withRatings(Set.of(Rating.GENERAL));

    SamplesAndRejects output = pipeline.apply(BooruSource.read(gelbooru, e621));

    PAssert.that(ids(output)).containsInAnyOrder("gelbooru:1", "gelbooru:2", "e621:3");
    PAssert.that(output.rejects()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenTheSameFileOnTwoBoorus_downloadsItOnceAndRejectsTheCopy() {
    FakeBooru danbooru =
        new FakeBooru(
            BooruSite.DANBOORU, server, List.of(FakeBooru.Post.of(1), FakeBooru.Post.of(2)));
    FakeBooru moebooru =
        new FakeBooru(
            BooruSite.KONACHAN, other, List.of(FakeBooru.Post.of(2), FakeBooru.Post.of(3)));

    SamplesAndRejects output =
        pipeline.apply(
            BooruSource.read(
                Fixtures.query(BooruSite.DANBOORU, server, "solo"),
                Fixtures.query(BooruSite.KONACHAN, other, "solo")));

    PAssert.that(ids(output)).containsInAnyOrder("danbooru:1", "danbooru:2", "konachan:3");
    PAssert.that(rejectLines(output))
        .containsInAnyOrder(
            "konachan:2 booru-dedupe: same file (md5 "
                + FakeBooru.Post.of(2).md5()
                + ") as danbooru:2");
    pipeline.run().waitUntilFinish();
    assertThat(danbooru.fileRequests() + moebooru.fileRequests()).isEqualTo(3);
  }

  @Test
  void givenMaxPosts_stopsListingWhenEnoughAreWanted() {
    FakeBooru booru =
        new FakeBooru(
            BooruSite.DANBOORU,
            server,
            LongStream.rangeClosed(1, 10).mapToObj(FakeBooru.Post::of).toList());
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo").withPageSize(2).withMaxPosts(3);

    SamplesAndRejects output = pipeline.apply(BooruSource.read(query));

    PAssert.that(ids(output)).containsInAnyOrder("danbooru:10", "danbooru:9", "danbooru:8");
    pipeline.run().waitUntilFinish();
    // Two pages hold the three. The third, asked for ahead, is canceled (normally before its
    // rate-limit slot comes, so never sent); nothing after it is asked for.
    assertThat(booru.apiRequests()).isBetween(2, 3);
  }

  @Test
  void givenAConcurrencyLimit_neverHasMoreDownloadsInFlightPerHost() {
    FakeBooru booru =
        new FakeBooru(
                BooruSite.DANBOORU,
                server,
                LongStream.rangeClosed(1, 12).mapToObj(FakeBooru.Post::of).toList())
            .withLatency(100);
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setTargetParallelism(6);
    Pipeline parallel = Pipeline.create(options);

    parallel.apply(
        BooruSource.read(
            Fixtures.query(BooruSite.DANBOORU, server, "solo").withDownloads(1000, 2)));
    parallel.run().waitUntilFinish();

    assertThat(booru.fileRequests()).isEqualTo(12);
    assertThat(booru.mostFilesInFlight()).isEqualTo(2);
  }

  @Test
  void givenAWrongMd5EveryTime_retriesThenRejects() {
    FakeBooru booru = new FakeBooru(BooruSite.DANBOORU, server, List.of(FakeBooru.Post.of(1)));
    for (int i = 0; i < 3; i++) {
      booru.thenFile(new MockResponse.Builder().body("not the file").build());
    }

    SamplesAndRejects output =
        pipeline.apply(BooruSource.read(Fixtures.query(BooruSite.DANBOORU, server, "solo")));

    PAssert.that(output.samples()).empty();
    PAssert.that(rejectLines(output))
        .containsInAnyOrder(
            "danbooru:1 booru-download: md5 mismatch: the API says "
                + FakeBooru.Post.of(1).md5()
                + ", the file is "
                + Hashes.md5Hex("not the file".getBytes())
                + " after 3 tries");
    pipeline.run().waitUntilFinish();
    assertThat(booru.fileRequests()).isEqualTo(3);
  }

  @Test
  void givenACutDownloadAndA500_retriesUntilTheFileIsWhole() {
    FakeBooru.Post post = FakeBooru.Post.of(1).withSize(50_000);
    FakeBooru booru = new FakeBooru(BooruSite.DANBOORU, server, List.of(post));
    booru.thenFile(Fixtures.status(500, "oops"));
    booru.thenFile(
        new MockResponse.Builder()
            .body(new Buffer().write(post.bytes()))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());

    SamplesAndRejects output =
        pipeline.apply(BooruSource.read(Fixtures.query(BooruSite.DANBOORU, server, "solo")));

    PAssert.that(ids(output)).containsInAnyOrder("danbooru:1");
    PAssert.that(output.rejects()).empty();
    pipeline.run().waitUntilFinish();
    assertThat(booru.fileRequests()).isEqualTo(3);
  }

  @Test
  void givenA404File_rejectsThatPostOnly() {
    FakeBooru booru =
        new FakeBooru(
            BooruSite.DANBOORU, server, List.of(FakeBooru.Post.of(1), FakeBooru.Post.of(2)));
    booru.thenFile(Fixtures.status(404, "gone"));
    booru.thenFile(Fixtures.status(404, "gone"));
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo").withDownloads(100, 1);

    SamplesAndRejects output = pipeline.apply(BooruSource.read(query));

    PAssert.that(output.samples()).empty();
    PAssert.that(
            output
                .rejects()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.reason().replaceAll("\\d{4,5}", "PORT"))))
        .satisfies(
            reasons -> {
              assertThat(reasons)
                  .hasSize(2)
                  .allMatch(
                      reason -> reason.startsWith("HTTP 404 from http://localhost:PORT/files/"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenARerunIntoTheSameArchive_downloadsNothingNew() throws Exception {
    FakeBooru booru =
        new FakeBooru(
            BooruSite.DANBOORU,
            server,
            LongStream.rangeClosed(1, 5).mapToObj(FakeBooru.Post::of).toList());
    BooruQuery query = Fixtures.query(BooruSite.DANBOORU, server, "solo");

    runInto(query, archive);
    int downloadsOfFirstRun = booru.fileRequests();
    PipelineResult second = runInto(query, archive);

    assertThat(downloadsOfFirstRun).isEqualTo(5);
    assertThat(booru.fileRequests()).isEqualTo(5);
    assertThat(BooruSummary.of(second).get(0)).contains("0 downloaded", "5 from archive");
    assertThat(Files.readAllLines(archive.resolve(DownloadArchive.ARCHIVE_FILE))).hasSize(5);
    try (var files = Files.walk(archive)) {
      assertThat(files.filter(file -> file.toString().endsWith(".part"))).isEmpty();
    }
  }

  @Test
  void givenAnArchive_samplesPointAtTheirArchivedFileInsteadOfHoldingTheBytes() {
    FakeBooru.Post post = FakeBooru.Post.of(9);
    new FakeBooru(BooruSite.DANBOORU, server, List.of(post));
    byte[] bytes = post.bytes();
    String file =
        archive
            .resolve("files")
            .resolve(post.md5().substring(0, 2))
            .resolve(post.md5() + ".png")
            .toAbsolutePath()
            .toString();

    SamplesAndRejects output =
        pipeline.apply(
            BooruSource.read(Fixtures.query(BooruSite.DANBOORU, server, "solo"))
                .withArchiveDir(archive.toString()));

    PAssert.thatSingleton(output.samples())
        .satisfies(
            sample -> {
              assertThat(sample.content().file()).contains(file);
              assertThat(sample.bytes()).isEqualTo(bytes);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenAnInterruptedRun_resumesWithOnlyTheMissingFiles() throws Exception {
    FakeBooru booru =
        new FakeBooru(
            BooruSite.DANBOORU,
            server,
            LongStream.rangeClosed(1, 4).mapToObj(FakeBooru.Post::of).toList());
    runInto(Fixtures.query(BooruSite.DANBOORU, server, "solo").withMaxPosts(2), archive);

    PipelineResult resumed = runInto(Fixtures.query(BooruSite.DANBOORU, server, "solo"), archive);

    assertThat(booru.fileRequests()).isEqualTo(4);
    assertThat(BooruSummary.of(resumed).get(0)).contains("2 downloaded", "2 from archive");
  }

  @Test
  void givenRefusedCredentials_failsTheRunWithTheClearMessage() {
    new FakeBooru(BooruSite.DANBOORU, server, List.of())
        .thenApi(Fixtures.status(401, "Invalid API key"));
    BooruQuery query =
        Fixtures.query(BooruSite.DANBOORU, server, "solo")
            .withCredentials(BooruCredentials.of("alice", "nope"));
    pipeline.apply(BooruSource.read(query));

    assertThatThrownBy(() -> pipeline.run().waitUntilFinish())
        .rootCause()
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("danbooru refused the credentials");
  }

  private static PipelineResult runInto(BooruQuery query, Path archive) {
    Pipeline run = Pipeline.create(PipelineOptionsFactory.create());
    run.apply(BooruSource.read(query).withArchiveDir(archive.toString()));
    PipelineResult result = run.run();
    result.waitUntilFinish();
    return result;
  }
}
