package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the booru source with a distinctive key through successes, retries, rejects, a rerun and
 * failures, captures everything it logs and writes, and looks for the key: it must appear on the
 * wire and nowhere else.
 */
class SecretLeakTest {

  @StartStop private final MockWebServer gelbooru = new MockWebServer();
  @StartStop private final MockWebServer danbooru = new MockWebServer();
  @TempDir Path output;

  @Test
  void givenADistinctiveKey_itAppearsInNoLogOutputFileErrorOrDisplayData() throws Exception {
    List<String> texts = new ArrayList<>();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try {
      BooruQuery gelbooruQuery = scriptedGelbooru();
      runAndWrite(gelbooruQuery, "first");
      runAndWrite(gelbooruQuery, "rerun");
      texts.add(
          failure(danbooruAnswering(Fixtures.status(401, "{\"message\":\"Invalid API key\"}"))));
      texts.add(failure(danbooruAnswering(Fixtures.json("{\"broken\": ["))));
      texts.add(
          failure(danbooruAnswering(Fixtures.status(403, "<title>Just a moment...</title>"))));
      BooruSource source = BooruSource.read(gelbooruQuery).withArchiveDir(output.toString());
      texts.add(DisplayData.from(source).toString());
      texts.add(source.toString());
      texts.add(gelbooruQuery.toString());
      texts.add(gelbooruQuery.describe());
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        texts.add(file + "\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }

    assertThat(keySentOnTheWire()).isTrue();
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("api_key=REDACTED") // retries were logged, with the URL
        .contains("refused the credentials");
    assertThat(texts).noneMatch(text -> text.contains(KEY));
  }

  private BooruQuery scriptedGelbooru() {
    List<FakeBooru.Post> posts = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      posts.add(FakeBooru.Post.of(id));
    }
    posts.add(FakeBooru.Post.of(7).hide());
    new FakeBooru(BooruSite.GELBOORU, gelbooru, posts)
        .thenApi(Fixtures.status(500, "error for api_key=" + KEY))
        .thenFile(Fixtures.status(503, "busy"))
        .thenFile(Fixtures.status(404, "gone"))
        .thenFile(new MockResponse.Builder().body("wrong bytes").build());
    return Fixtures.query(BooruSite.GELBOORU, gelbooru, "solo")
        .withCredentials(BooruCredentials.of("4242", KEY))
        .withRetries(2, Duration.ZERO)
        .withDownloads(100, 1);
  }

  private BooruQuery danbooruAnswering(MockResponse response) {
    danbooru.enqueue(response);
    return Fixtures.query(BooruSite.DANBOORU, danbooru, "solo")
        .withCredentials(BooruCredentials.of("alice", KEY));
  }

  private void runAndWrite(BooruQuery query, String name) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects read =
        pipeline.apply(BooruSource.read(query).withArchiveDir(output.resolve("booru").toString()));
    read.samples()
        .apply("Samples", MapElements.into(TypeDescriptors.strings()).via(Sample::toString))
        .apply("Write samples", TextIO.write().to(output.resolve(name + "-samples").toString()));
    read.rejects()
        .apply("Rejects", MapElements.into(TypeDescriptors.strings()).via(Reject::toString))
        .apply("Write rejects", TextIO.write().to(output.resolve(name + "-rejects").toString()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    BooruSummary.of(result).forEach(System.err::println);
  }

  private static String failure(BooruQuery query) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline.apply(BooruSource.read(query));
    try {
      pipeline.run().waitUntilFinish();
      throw new AssertionError("the run should have failed");
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.err.println(trace);
      return trace.toString();
    }
  }

  private boolean keySentOnTheWire() throws InterruptedException {
    boolean sent = false;
    RecordedRequest request;
    while ((request = gelbooru.takeRequest(0, TimeUnit.SECONDS)) != null) {
      sent |= KEY.equals(request.getUrl().queryParameter("api_key"));
    }
    return sent;
  }
}
