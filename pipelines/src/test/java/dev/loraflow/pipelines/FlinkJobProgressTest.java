package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.FlinkJobProgress.Snapshot;
import dev.loraflow.pipelines.FlinkJobProgress.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The client shows a cluster job's stages and records, from Flink's REST API as it answers. */
class FlinkJobProgressTest {
  private static final String JOB = "0f5d6a1c3b2e4f708192a3b4c5d6e7f8";
  private static final String NAME = "reciperunner-user-1203084723-cba3e98a";

  // Vertex names as Beam's Flink runner gives them (from a run of the character recipe).
  private static final String READ =
      "CHAIN FlatMap (FlatMap at Recipe/Read source/Read images and captions.samples) -> FlatMap"
          + " (FlatMap at Recipe/Decode and validate/SampleMapper/Decode and validate)";
  private static final String GROUP =
      "CHAIN GroupReduce (GroupReduce at translateNode(FlinkBatchTransformTranslators.java:420))"
          + " -> FlatMap (FlatMap at Recipe/Read source/Match files/Via MatchAll/"
          + "Reshuffle.ViaRandomKey/Values/Values/Map/ParMultiDo(Anonymous))";
  private static final String IMPULSE =
      "CHAIN DataSource (at Impulse (org.apache.beam.runners.flink.translation.wrappers."
          + "ImpulseInputFormat)) -> FlatMap (FlatMap at ExplodeWindows: Recipe/Write kohya"
          + " dataset/Count images/Combine.perKey(Count))";
  private static final String SINK =
      "DataSink (org.apache.flink.api.java.io.DiscardingOutputFormat@1186374c)";

  /** Flink's REST API with one other job and ours, two of whose three stages are done. */
  static final class FakeFlinkRest extends Dispatcher {
    private final String state;

    FakeFlinkRest(String state) {
      this.state = state;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (path.equals("/jobs/overview")) {
        return json(
            "{\"jobs\":[{\"jid\":\"1111\",\"name\":\"someone-else\",\"state\":\"FINISHED\"},"
                + "{\"jid\":\""
                + JOB
                + "\",\"name\":\""
                + NAME
                + "\",\"state\":\"RUNNING\"}]}");
      }
      if (path.equals("/jobs/" + JOB)) {
        return json(
            "{\"jid\":\""
                + JOB
                + "\",\"state\":\""
                + state
                + "\",\"vertices\":["
                + vertex(GROUP, "FINISHED", 31, 31)
                + ","
                + vertex(READ, "RUNNING", 29, 24)
                + ","
                + vertex(SINK, "FINISHED", 3, 0)
                + "]}");
      }
      return new MockResponse.Builder().code(404).body("{\"errors\":[\"Not found\"]}").build();
    }

    private static String vertex(String name, String status, long read, long written) {
      return "{\"id\":\"v\",\"name\":\""
          + name
          + "\",\"parallelism\":2,\"status\":\""
          + status
          + "\",\"metrics\":{\"read-bytes\":100,\"read-records\":"
          + read
          + ",\"read-records-complete\":true,\"write-records\":"
          + written
          + ",\"write-records-complete\":true}}";
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder()
          .addHeader("Content-Type", "application/json; charset=UTF-8")
          .body(body)
          .build();
    }
  }

  @StartStop private final MockWebServer server = new MockWebServer();

  private String rest() {
    return rest("RUNNING");
  }

  private String rest(String jobState) {
    server.setDispatcher(new FakeFlinkRest(jobState));
    return server.url("/").toString().replaceFirst("/$", "");
  }

  @Test
  void stagesAreNamedByTheirFirstBeamStepBelowTheRecipe() {
    assertThat(FlinkJobProgress.stageName(READ))
        .isEqualTo("Read source/Read images and captions.samples");
    assertThat(FlinkJobProgress.stageName(GROUP)).isEqualTo("Read source/Match files");
    assertThat(FlinkJobProgress.stageName(IMPULSE)).isEqualTo("Write kohya dataset/Count images");
    // Flink's own operators keep their name, shortened for the progress line.
    assertThat(FlinkJobProgress.stageName(SINK)).isEqualTo(SINK.substring(0, 57) + "...");
  }

  @Test
  void aPollFindsTheJobByNameAndReadsEachStagesRecords() throws Exception {
    FlinkJobProgress progress =
        new FlinkJobProgress(rest(), NAME, new PrintStream(new ByteArrayOutputStream()));

    Snapshot snapshot = progress.poll().orElseThrow();

    assertThat(snapshot.state()).isEqualTo("RUNNING");
    assertThat(snapshot.stages())
        .containsExactly(
            new Stage("Read source/Match files", "FINISHED", 31, 31),
            new Stage("Read source/Read images and captions.samples", "RUNNING", 29, 24),
            new Stage(SINK.substring(0, 57) + "...", "FINISHED", 3, 0));
    assertThat(snapshot.done()).isEqualTo(2);
    assertThat(snapshot.running())
        .isEqualTo("Read source/Read images and captions.samples 29 in, 24 out");
  }

  @Test
  void aJobNotYetSubmittedHasNoSnapshot() throws Exception {
    FlinkJobProgress progress =
        new FlinkJobProgress(
            rest(), "not-submitted-yet", new PrintStream(new ByteArrayOutputStream()));

    assertThat(progress.poll()).isEmpty();
  }

  @Test
  void closingSaysWhereTheJobIsThenPrintsTheLastPollAsOnePlainLine_withoutATerminal() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String rest = rest();
    FlinkJobProgress progress =
        new FlinkJobProgress(rest, NAME, new PrintStream(printed, true, StandardCharsets.UTF_8));

    progress.close();

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "Flink job " + JOB + " is on " + rest,
            "Flink job: 2/3 stages, Read source/Read images and captions.samples 29 in, 24 out");
  }

  @Test
  void aFinishedJobEndsWithAllItsStagesDone_thoughItsLastPollLags() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    FlinkJobProgress progress =
        new FlinkJobProgress(
            rest("FINISHED"), NAME, new PrintStream(printed, true, StandardCharsets.UTF_8));

    progress.close();

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .last()
        .isEqualTo("Flink job: 3/3 stages, FINISHED");
  }

  @Test
  void aLineWithManyRunningStagesIsCutToTheLineWidth() {
    Stage read = new Stage("Read source/Read images and captions.samples", "RUNNING", 29, 24);
    Stage tag = new Stage("Tag/Booru tags", "RUNNING", 12_345, 12_000);
    Stage write = new Stage("Write kohya dataset/Count images", "RUNNING", 7, 0);

    String line = new Snapshot("RUNNING", List.of(read, tag, write)).line();

    assertThat(line)
        .hasSize(FlinkJobProgress.LINE_WIDTH)
        .startsWith("Flink job: 0/3 stages, Read source/Read images and captions.samples 29 in")
        .endsWith("...");
    assertThat(new Snapshot("RUNNING", List.of(tag)).line())
        .isEqualTo("Flink job: 0/1 stages, Tag/Booru tags 12345 in, 12000 out");
  }

  @Test
  void aClusterThatCannotBeReachedIsSaidOnceAtTheEnd() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String unreachable = rest();
    server.close();
    FlinkJobProgress progress =
        new FlinkJobProgress(
            unreachable, NAME, new PrintStream(printed, true, StandardCharsets.UTF_8));

    progress.close();

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("loraflow: no progress from " + unreachable + ": ");
  }
}
