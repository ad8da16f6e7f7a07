package dev.loraflow.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;

/**
 * A job on a Flink cluster, shown while the client waits for it: the cluster's REST API is polled
 * ({@code /jobs/overview} for the job of this name, then {@code /jobs/<id>}) and a progress bar
 * counts the job's stages done, with the records each running stage has read and written beside it.
 * On a terminal the bar redraws in place; otherwise a line is printed every few seconds. What the
 * workers show themselves (downloads, tagging) stays in their logs.
 */
final class FlinkJobProgress implements AutoCloseable {
  private static final Duration POLL_EVERY = Duration.ofSeconds(2);
  private static final int PRINT_EVERY_MILLIS = 5_000;
  // A printed line is not cut to a terminal's width: the stages come after the bar.
  private static final int PRINTED_WIDTH = 400;
  // Beam's prefix of a window step.
  private static final String EXPLODE_WINDOWS = "ExplodeWindows: ";

  /** One Flink vertex (a chain of Beam steps), its status and the records through it so far. */
  record Stage(String name, String status, long recordsIn, long recordsOut) {
    boolean done() {
      return status.equals("FINISHED");
    }

    @Override
    public String toString() {
      return name + " " + recordsIn + " in, " + recordsOut + " out";
    }
  }

  /** The job's state and stages at one poll. */
  record Snapshot(String state, List<Stage> stages) {
    long done() {
      return stages.stream().filter(Stage::done).count();
    }

    /** The running stages, as the bar shows them. */
    String running() {
      return stages.stream()
          .filter(stage -> stage.status().equals("RUNNING"))
          .map(Stage::toString)
          .collect(Collectors.joining("; "));
    }
  }

  private final String rest;
  private final String jobName;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "flink-job-progress");
            thread.setDaemon(true);
            return thread;
          });
  private String jobId;
  private ProgressBar bar;
  private IOException lastFailure;

  FlinkJobProgress(String rest, String jobName, PrintStream out) {
    this.rest = rest;
    this.jobName = jobName;
    this.out = out;
  }

  /** Shows the job of {@code options} on {@code out} while it runs, if they submit to a cluster. */
  static Optional<FlinkJobProgress> watch(RecipeOptions options, PrintStream out) {
    if (options.getRunner() != FlinkRunner.class) {
      return Optional.empty();
    }
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (master.startsWith("[")) {
      return Optional.empty(); // [local], [auto]: no REST endpoint known to poll
    }
    FlinkJobProgress progress = new FlinkJobProgress(restUrl(master), options.getJobName(), out);
    progress.poller.scheduleWithFixedDelay(
        progress::show, POLL_EVERY.toMillis(), POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.of(progress);
  }

  /** The REST endpoint of a {@code --flinkMaster} given as {@code host:port} or a URL. */
  static String restUrl(String master) {
    return master.contains("://") ? master : "http://" + master;
  }

  /**
   * A Flink vertex by the Beam step of its first operator that names one, to two levels below the
   * recipe: Beam names each operator {@code <Kind> (<Kind> at <step>)} and a chain joins its
   * operators with {@code " -> "}.
   */
  static String stageName(String vertexName) {
    for (String operator : vertexName.split(" -> ")) {
      int at = operator.indexOf(" at ");
      if (at < 0 || !operator.endsWith(")")) {
        continue;
      }
      String step = operator.substring(at + " at ".length(), operator.length() - 1);
      step = step.startsWith(EXPLODE_WINDOWS) ? step.substring(EXPLODE_WINDOWS.length()) : step;
      if (!step.contains("/")) {
        continue; // Beam's own: "Impulse (...)", "translateNode(...)"
      }
      List<String> levels = List.of(step.split("/"));
      if (levels.get(0).equals(RecipeRunner.STEP) && levels.size() > 1) {
        levels = levels.subList(1, levels.size());
      }
      return String.join("/", levels.subList(0, Math.min(2, levels.size())));
    }
    return vertexName.length() <= 60 ? vertexName : vertexName.substring(0, 57) + "...";
  }

  /** The job as the cluster sees it now; empty until it has been submitted. */
  Optional<Snapshot> poll() throws IOException {
    if (jobId == null) {
      for (JsonNode job : get("/jobs/overview").path("jobs")) {
        if (job.path("name").asText().equals(jobName)) {
          jobId = job.path("jid").asText();
        }
      }
      if (jobId == null) {
        return Optional.empty();
      }
    }
    JsonNode job = get("/jobs/" + jobId);
    List<Stage> stages = new ArrayList<>();
    for (JsonNode vertex : job.path("vertices")) {
      JsonNode metrics = vertex.path("metrics");
      stages.add(
          new Stage(
              stageName(vertex.path("name").asText()),
              vertex.path("status").asText(),
              metrics.path("read-records").asLong(),
              metrics.path("write-records").asLong()));
    }
    return Optional.of(new Snapshot(job.path("state").asText(), stages));
  }

  private synchronized void show() {
    try {
      poll().ifPresent(this::render);
    } catch (IOException e) {
      lastFailure = e; // the next poll may reach it; close() says so if none did
    }
  }

  private void render(Snapshot snapshot) {
    if (bar == null) {
      ProgressBarBuilder builder =
          new ProgressBarBuilder()
              .setTaskName("Flink job " + jobId)
              .setInitialMax(snapshot.stages().size())
              .setUnit(" stages", 1)
              .setStyle(ProgressBarStyle.ASCII);
      if (System.console() != null) {
        builder.setConsumer(new ConsoleProgressBarConsumer(out));
      } else {
        builder
            .setConsumer(new DelegatingProgressBarConsumer(out::println, PRINTED_WIDTH))
            .setUpdateIntervalMillis(PRINT_EVERY_MILLIS);
      }
      bar = builder.build();
    }
    bar.stepTo(snapshot.done());
    String running = snapshot.running();
    bar.setExtraMessage(running.isEmpty() ? snapshot.state() : running);
  }

  /** Stops polling, after one last poll so the bar ends with the job's final counts. */
  @Override
  public synchronized void close() {
    poller.shutdownNow();
    show();
    if (bar != null) {
      bar.close();
    } else if (lastFailure != null) {
      out.println("loraflow: no progress from " + rest + ": " + lastFailure.getMessage());
    }
  }

  private JsonNode get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rest + path)).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
      }
      return json.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted polling " + path, e);
    }
  }
}
