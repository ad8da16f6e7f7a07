package dev.loraflow.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Flink session cluster on localhost as a user starts one from Flink's jars: a JobManager and a
 * TaskManager, each in a JVM of its own, whose class path holds Flink and the libraries Flink
 * itself needs, but neither Beam nor loraflow, so a job runs only on what its client staged. Its
 * configuration, temporary files, blobs and logs are all in one folder.
 */
final class FlinkSessionCluster implements AutoCloseable {
  /**
   * The libraries Flink 1.19's own jars depend on (as {@code group/artifact} paths in the Maven
   * repository), which a Flink distribution bundles in {@code lib/flink-dist.jar}; slf4j-simple
   * logs.
   */
  static final List<String> FLINK_LIBRARIES =
      List.of(
          "org/apache/flink/",
          "org/slf4j/slf4j-api/",
          "org/slf4j/slf4j-simple/",
          "org/apache/commons/commons-lang3/",
          "org/apache/commons/commons-text/",
          "org/apache/commons/commons-math3/",
          "org/apache/commons/commons-compress/",
          "commons-io/commons-io/",
          "commons-cli/commons-cli/",
          "commons-codec/commons-codec/",
          "commons-collections/commons-collections/",
          "com/esotericsoftware/",
          "org/objenesis/objenesis/",
          "com/twitter/chill-java/",
          "org/javassist/javassist/",
          "org/lz4/lz4-java/",
          "org/xerial/snappy/snappy-java/",
          "org/snakeyaml/snakeyaml-engine/",
          "com/google/code/findbugs/jsr305/");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path folder;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private FlinkSessionCluster(Path folder, int restPort) {
    this.folder = folder;
    this.restPort = restPort;
  }

  /**
   * Starts a cluster with {@code slots} task slots in {@code folder}; {@link #awaitTaskManager}
   * waits until it can run a job.
   */
  static FlinkSessionCluster start(Path folder, int slots) throws IOException {
    int restPort = freePort();
    FlinkSessionCluster cluster = new FlinkSessionCluster(folder, restPort);
    try {
      Path conf = Files.createDirectories(folder.resolve("conf"));
      Files.writeString(conf.resolve("flink-conf.yaml"), cluster.config(slots, freePort()));
      String classPath = classPath();
      cluster.launch(
          "jobmanager",
          classPath,
          "-Xmx384m",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          conf);
      // The TaskManager binds ports of its own: only once the REST port is taken can none of them
      // be the one chosen for it.
      cluster.awaitJobManager();
      cluster.launch(
          "taskmanager",
          classPath,
          "-Xmx384m -XX:MaxDirectMemorySize=256m",
          "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
          conf);
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The {@code --flinkMaster} of this cluster: its REST endpoint. */
  String master() {
    return "localhost:" + restPort;
  }

  /** The JSON this cluster's REST API answers at {@code path}. */
  JsonNode rest(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + master() + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
      }
      return new ObjectMapper().readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking " + path, e);
    }
  }

  /** What the JobManager and TaskManager logged, for a failing test's message. */
  String logs() {
    return processes.isEmpty()
        ? ""
        : List.of("jobmanager", "taskmanager").stream()
            .map(
                name -> "--- " + name + ".log (last lines)\n" + tail(folder.resolve(name + ".log")))
            .collect(Collectors.joining("\n"));
  }

  private String config(int slots, int rpcPort) {
    Map<String, String> settings =
        Map.ofEntries(
            Map.entry("jobmanager.rpc.address", "localhost"),
            Map.entry("jobmanager.rpc.port", String.valueOf(rpcPort)),
            Map.entry("jobmanager.bind-host", "localhost"),
            Map.entry("rest.address", "localhost"),
            Map.entry("rest.bind-address", "localhost"),
            Map.entry("rest.port", String.valueOf(restPort)),
            Map.entry("taskmanager.host", "localhost"),
            Map.entry("taskmanager.bind-host", "localhost"),
            Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(slots)),
            // Flink's start scripts work these out; TaskManagerRunner alone needs them given.
            // Small, and within the TaskManager JVM's -Xmx and -XX:MaxDirectMemorySize.
            Map.entry("taskmanager.cpu.cores", String.valueOf(slots)),
            Map.entry("taskmanager.memory.framework.heap.size", "64m"),
            Map.entry("taskmanager.memory.task.heap.size", "256m"),
            Map.entry("taskmanager.memory.framework.off-heap.size", "64m"),
            Map.entry("taskmanager.memory.task.off-heap.size", "0m"),
            Map.entry("taskmanager.memory.network.min", "128m"),
            Map.entry("taskmanager.memory.network.max", "128m"),
            Map.entry("taskmanager.memory.managed.size", "64m"),
            Map.entry("taskmanager.memory.jvm-metaspace.size", "192m"),
            Map.entry("taskmanager.memory.jvm-overhead.min", "64m"),
            Map.entry("taskmanager.memory.jvm-overhead.max", "64m"),
            Map.entry("io.tmp.dirs", folder.resolve("tmp").toString()),
            Map.entry("blob.storage.directory", folder.resolve("blobs").toString()),
            Map.entry("web.tmpdir", folder.resolve("web").toString()));
    return settings.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(setting -> setting.getKey() + ": " + setting.getValue() + "\n")
        .collect(Collectors.joining());
  }

  // Flink and its libraries from this test's class path, which Maven resolved.
  private static String classPath() {
    String testClassPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jars =
        Arrays.stream(testClassPath.split(File.pathSeparator))
            .filter(entry -> entry.endsWith(".jar"))
            .filter(
                entry ->
                    FLINK_LIBRARIES.stream()
                        .anyMatch(
                            library ->
                                entry.replace(File.separatorChar, '/').contains("/" + library)))
            .toList();
    if (jars.stream().noneMatch(jar -> jar.contains("flink-runtime"))) {
      throw new IllegalStateException("no flink-runtime jar on " + testClassPath);
    }
    return String.join(File.pathSeparator, jars);
  }

  private void launch(String name, String classPath, String memory, String mainClass, Path conf)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(memory.split(" ")));
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    command.addAll(List.of("-cp", classPath, mainClass, "--configDir", conf.toString()));
    Path log = folder.resolve(name + ".log");
    processes.add(
        new ProcessBuilder(command)
            .directory(Files.createDirectories(folder.resolve(name)).toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
  }

  private void awaitJobManager() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        rest("/config");
        return;
      } catch (IOException notYet) {
        // The REST endpoint is not up yet.
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "the JobManager's REST endpoint did not answer in " + START_TIMEOUT + "\n" + logs());
  }

  private void checkAlive() {
    for (Process process : processes) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "a cluster JVM exited with " + process.exitValue() + "\n" + logs());
      }
    }
  }

  /** Waits until the TaskManager has registered with the JobManager. */
  void awaitTaskManager() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        if (rest("/taskmanagers").path("taskmanagers").size() > 0) {
          return;
        }
      } catch (IOException notYet) {
        // The REST endpoint is not up yet.
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "no TaskManager registered in " + START_TIMEOUT + "\n" + logs());
  }

  @Override
  public void close() {
    // The TaskManager first, so it does not retry a JobManager that went away.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String tail(Path log) {
    if (!Files.exists(log)) {
      return "(none)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the cluster", e);
    }
  }
}
