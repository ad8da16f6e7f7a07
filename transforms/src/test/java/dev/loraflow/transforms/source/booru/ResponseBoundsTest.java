package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** A server sending far more than a page or an image must not fill the heap. */
class ResponseBoundsTest {

  private static final long PAGE_BOUND = 64 * 1024;
  private static final long FILE_BOUND = 100_000;

  @StartStop private final MockWebServer server = new MockWebServer();

  private BooruQuery query() {
    return Fixtures.query(BooruSite.GELBOORU, server, "solo")
        .withMaxResponseBytes(PAGE_BOUND, FILE_BOUND);
  }

  @Test
  void givenAPageOverTheBound_failsTheSearchSayingWhyAndHowToRaiseIt() {
    server.enqueue(Fixtures.json(" ".repeat(200_000) + "[]"));

    assertThatThrownBy(() -> Fixtures.list(query(), Fixtures.api(query())))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("gelbooru sent an answer too large for a page")
        .hasMessageContaining("announces 200002 bytes, over the bound of 65536")
        .hasMessageContaining("BooruQuery.withMaxResponseBytes");
  }

  @Test
  void givenAChunkedPageWithNoLength_stopsReadingAtTheBound() {
    server.enqueue(
        new MockResponse.Builder().chunkedBody(" ".repeat(200_000) + "[]", 4096).build());

    assertThatThrownBy(() -> Fixtures.list(query(), Fixtures.api(query())))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("goes past the bound of 65536 bytes");
  }

  @Test
  void givenAGzipBomb_countsTheBytesItUnpacksTo() throws IOException {
    Buffer compressed = new Buffer();
    try (OutputStream gzip = new GZIPOutputStream(compressed.outputStream())) {
      gzip.write(new byte[10 << 20]);
    }
    assertThat(compressed.size()).isLessThan(PAGE_BOUND);
    server.enqueue(
        new MockResponse.Builder().addHeader("Content-Encoding", "gzip").body(compressed).build());

    assertThatThrownBy(() -> Fixtures.list(query(), Fixtures.api(query())))
        .isInstanceOf(BooruApiException.class)
        .hasMessageContaining("goes past the bound of 65536 bytes");
  }

  @Test
  void givenAnImageOverTheBound_rejectsThatPostAndKeepsTheOthers() {
    new FakeBooru(
        BooruSite.GELBOORU,
        server,
        List.of(FakeBooru.Post.of(1).withSize(300_000), FakeBooru.Post.of(2)));
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    SamplesAndRejects output = pipeline.apply(BooruSource.read(query()));

    PAssert.that(
            output.samples().apply(MapElements.into(TypeDescriptors.strings()).via(s -> s.id())))
        .containsInAnyOrder("gelbooru:2");
    PAssert.that(
            output
                .rejects()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.id() + " " + r.reason().replaceAll("localhost:\\d+", "HOST"))))
        .satisfies(
            reasons -> {
              assertThat(reasons)
                  .singleElement()
                  .asString()
                  .startsWith("gelbooru:1 the file at http://HOST/")
                  .contains("is too large: the server announces 300000 bytes")
                  .contains("bound of 100000")
                  .contains("BooruQuery.withMaxResponseBytes");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenABoundPastWhatAnArrayHolds_refusesIt() {
    assertThatThrownBy(() -> query().withMaxResponseBytes(1L << 31, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Response bounds are 1 to");
  }
}
