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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;

/**
 * A job on a Flink cluster, shown while the client waits for it: the cluster's REST API is polled
 * ({@code /jobs/overview} for the job of this name, then {@code /jobs/<id>}) and a progress bar
 * counts the job's stages done, with the records each running stage has read and written beside it.
 * The job's id and where the cluster shows it are said once, when it is found. On a terminal the
 * bar redraws in place; otherwise a plain line of at most {@value #LINE_WIDTH} characters is
 * printed every few seconds when it changed, and the last one at the end. What the workers show
 * themselves (downloads, tagging) stays in their logs.
 */
final class FlinkJobProgress implements AutoCloseable {
  private static final Duration POLL_EVERY = Duration.ofSeconds(2);
  private static final long PRINT_EVERY_MILLIS = 5_000;
  // A log's line: the running stages are many and long-named on a recipe of forty stages.
  static final int LINE_WIDTH = 100;
  // The cluster may report a job ended a moment after the client knows it: how long to ask.
  private static final int FINAL_POLLS = 20;
  private static final long FINAL_POLL_MILLIS = 250;
  private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");
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
    boolean ended() {
      return ENDED.contains(state);
    }

    long done() {
      // A finished job has finished every stage, though a poll may see the last ones late.
      return state.equals("FINISHED") ? stages.size() : stages.stream().filter(Stage::done).count();
    }

    /** The running stages, as the bar shows them. */
    String running() {
      return stages.stream()
          .filter(stage -> stage.status().equals("RUNNING"))
          .map(Stage::toString)
          .collect(Collectors.joining("; "));
    }

    /** What the bar shows beside its count: the running stages, or the state of an ended job. */
    String doing() {
      String running = running();
      return ended() || running.isEmpty() ? state : running;
    }

    /** The plain line of this snapshot, cut to {@link #LINE_WIDTH} characters. */
    String line() {
      String line = String.format("Flink job: %d/%d stages, %s", done(), stages.size(), doing());
      return line.length() <= LINE_WIDTH ? line : line.substring(0, LINE_WIDTH - 3) + "...";
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
  private final boolean terminal = System.console() != null;
  private String jobId;
  private ProgressBar bar; // on a terminal
  private String lastLine; // otherwise, the line printed last, and when
  private long lastPrinted;
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
        () -> progress.show(false),
        POLL_EVERY.toMillis(),
        POLL_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
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
      out.println("Flink job " + jobId + " is on " + rest);
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

  private synchronized void show(boolean last) {
    try {
      poll().ifPresent(snapshot -> render(snapshot, last));
    } catch (IOException e) {
      lastFailure = e; // the next poll may reach it; close() says so if none did
    }
  }

  private void render(Snapshot snapshot, boolean last) {
    if (!terminal) {
      printLine(snapshot.line(), last);
      return;
    }
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("Flink job")
              .setInitialMax(snapshot.stages().size())
              .setUnit(" stages", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .build();
    }
    bar.stepTo(snapshot.done());
    bar.setExtraMessage(snapshot.doing());
  }

  /** Prints {@code line} if it is news and a while has passed since the last, or if it is last. */
  private void printLine(String line, boolean last) {
    long now = System.currentTimeMillis();
    if (line.equals(lastLine) || (!last && now - lastPrinted < PRINT_EVERY_MILLIS)) {
      return;
    }
    out.println(line);
    lastLine = line;
    lastPrinted = now;
  }

  /**
   * Stops polling, after the last polls: until the cluster reports the job ended (a few seconds at
   * most), so the progress ends with the job's final counts.
   */
  @Override
  public synchronized void close() {
    poller.shutdownNow();
    try {
      Optional<Snapshot> snapshot = poll();
      for (int i = 1; i < FINAL_POLLS && snapshot.isPresent() && !snapshot.get().ended(); i++) {
        Thread.sleep(FINAL_POLL_MILLIS);
        snapshot = poll();
      }
      snapshot.ifPresent(last -> render(last, true));
    } catch (IOException e) {
      lastFailure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (bar != null) {
      bar.close();
    } else if (lastLine == null && lastFailure != null) {
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
