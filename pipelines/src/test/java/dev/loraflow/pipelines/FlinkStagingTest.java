package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.loraflow.pipelines.FlinkStaging.Entry;
import dev.loraflow.pipelines.FlinkStaging.Library;
import dev.loraflow.pipelines.FlinkStaging.Plan;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.construction.resources.PipelineResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job on a Flink cluster stages the client's class path less what it does not need there. */
class FlinkStagingTest {
  @TempDir Path tmp;

  private static Path jar(Path file, String... names) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : names) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(name.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  @Test
  void entriesAreToldByTheFoldersTheirFilesLieIn() throws IOException {
    Path flink =
        jar(
            tmp.resolve("a.jar"),
            "META-INF/MANIFEST.MF",
            "flink-rpc-akka.jar",
            "org/apache/flink/runtime/rpc/X.class");
    Path mixed = jar(tmp.resolve("b.jar"), "org/apache/flink/X.class", "org/apache/beam/Y.class");
    Path natives =
        jar(tmp.resolve("c.jar"), "pytorch/cpu/libtorch.so", "native/lib/pytorch.properties");
    Path onlyMetadata = jar(tmp.resolve("d.jar"), "META-INF/MANIFEST.MF");
    // Beam's runner jars bundle copies of others: told by their own folders, the rest copies.
    Path direct =
        jar(
            tmp.resolve("e.jar"),
            "org/apache/beam/runners/direct/DirectRunner.class",
            "org/apache/beam/sdk/Pipeline.class");
    Path harness =
        jar(
            tmp.resolve("f.jar"),
            "org/apache/beam/fn/harness/FnHarness.class",
            "org/apache/beam/runners/core/DoFnRunner.class");
    Path beamSdk = jar(tmp.resolve("g.jar"), "org/apache/beam/sdk/Pipeline.class");
    Path runnersCore = jar(tmp.resolve("h.jar"), "org/apache/beam/runners/core/DoFnRunner.class");
    Path classes = Files.createDirectories(tmp.resolve("classes/ai/onnxruntime"));
    Files.writeString(classes.resolve("Ort.class"), "x");

    assertThat(FlinkStaging.entry(flink.toString()).library()).hasValue(Library.FLINK);
    assertThat(FlinkStaging.entry(mixed.toString()).library()).isEmpty();
    assertThat(FlinkStaging.entry(natives.toString()).library()).hasValue(Library.TRAINER);
    assertThat(FlinkStaging.entry(onlyMetadata.toString()).library()).isEmpty();
    assertThat(FlinkStaging.entry(direct.toString()).library()).hasValue(Library.DIRECT_RUNNER);
    assertThat(FlinkStaging.entry(harness.toString()).library()).hasValue(Library.BEAM_PORTABILITY);
    assertThat(FlinkStaging.entry(beamSdk.toString()).library()).isEmpty();
    assertThat(FlinkStaging.entry(runnersCore.toString()).library()).isEmpty();
    Entry folder = FlinkStaging.entry(tmp.resolve("classes").toString());
    assertThat(folder.library()).hasValue(Library.ONNX_RUNTIME);
    assertThat(folder.bytes()).isEqualTo(1);
  }

  @Test
  void theRecipesClassPathStagesOnlyWhatAJobOfLocalPathsRuns() throws IOException {
    List<String> classPath =
        PipelineResources.detectClassPathResourcesToStage(
            FlinkRunner.class.getClassLoader(), PipelineOptionsFactory.create());
    long all = classPath.stream().map(FlinkStaging::entry).mapToLong(Entry::bytes).sum();

    Plan plan = FlinkStaging.plan(classPath, false, false);
    System.out.printf(
        "of %d files (%.1f MB): %s%n", classPath.size(), all / 1e6, plan.summary("FlinkRunner"));

    assertThat(plan.leftOut()).containsOnlyKeys(Library.values());
    assertThat(paths(plan.leftOut().get(Library.FLINK)))
        .anyMatch(path -> path.contains("flink-runtime"))
        .anyMatch(path -> path.contains("commons-math3"))
        .anyMatch(path -> path.contains("kryo"))
        .noneMatch(path -> path.contains("beam-runners-flink"));
    assertThat(paths(plan.leftOut().get(Library.DIRECT_RUNNER)))
        .singleElement(STRING)
        .contains("beam-runners-direct-java");
    assertThat(paths(plan.leftOut().get(Library.BEAM_PORTABILITY)))
        .anyMatch(path -> path.contains("beam-sdks-java-harness"))
        .anyMatch(path -> path.contains("beam-model-fn-execution"));
    assertThat(paths(plan.leftOut().get(Library.GOOGLE_CLOUD)))
        .anyMatch(path -> path.contains("google-cloud-platform-core"))
        .anyMatch(path -> path.contains("grpc-netty-shaded"))
        .anyMatch(path -> path.contains("/guava-"))
        .anyMatch(path -> path.contains("protobuf-java"));
    // What the cluster runs: Beam's SDK (its protos on the vendored gRPC's protobuf), the Flink
    // runner's functions, the job protos the JobManager shows metrics with, loraflow's transforms
    // and OkHttp for the boorus.
    assertThat(paths(plan.staged()))
        .anyMatch(path -> path.contains("beam-sdks-java-core"))
        .anyMatch(path -> path.contains("beam-vendor-grpc"))
        .anyMatch(path -> path.contains("beam-runners-core-java"))
        .anyMatch(path -> path.contains("beam-runners-flink"))
        .anyMatch(path -> path.contains("beam-model-job-management"))
        .anyMatch(path -> path.contains("okhttp"))
        .anyMatch(path -> path.replace(File.separatorChar, '/').contains("transforms/target/"));
    long staged = plan.staged().stream().mapToLong(Entry::bytes).sum();
    assertThat(staged).isLessThan(all / 4);
    assertThat(FlinkStaging.plan(classPath, true, false).leftOut())
        .doesNotContainKey(Library.ONNX_RUNTIME);
    assertThat(FlinkStaging.plan(classPath, false, true).leftOut())
        .doesNotContainKey(Library.GOOGLE_CLOUD);
  }

  @Test
  void everyServiceAStagedEntryRegistersIsStaged() throws IOException {
    List<String> classPath =
        PipelineResources.detectClassPathResourcesToStage(
            FlinkRunner.class.getClassLoader(), PipelineOptionsFactory.create());
    for (boolean gcs : List.of(false, true)) {
      List<String> staged = FlinkStaging.plan(classPath, false, gcs).files();
      Set<String> classes = new HashSet<>();
      Map<String, String> services = new TreeMap<>(); // implementation -> where registered
      for (String path : staged) {
        readServices(Path.of(path), classes, services);
      }

      // A registrar whose class is left out fails every ServiceLoader on the worker.
      assertThat(services.keySet()).as("gcs " + gcs).isNotEmpty();
      services.forEach(
          (implementation, where) ->
              assertThat(classes)
                  .as(where + " registers " + implementation)
                  .contains(implementation));
    }
  }

  // The classes an entry holds, and the service implementations it registers (standard
  // META-INF/services files only: class names, # comments).
  private static void readServices(Path entry, Set<String> classes, Map<String, String> services)
      throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    if (Files.isDirectory(entry)) {
      try (Stream<Path> walk = Files.walk(entry)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          String name = entry.relativize(file).toString().replace(File.separatorChar, '/');
          files.put(name, name.startsWith("META-INF/services/") ? Files.readAllBytes(file) : null);
        }
      }
    } else {
      try (ZipFile jar = new ZipFile(entry.toFile())) {
        for (ZipEntry file : Collections.list(jar.entries())) {
          String name = file.getName();
          boolean service = name.startsWith("META-INF/services/") && !file.isDirectory();
          files.put(name, service ? jar.getInputStream(file).readAllBytes() : null);
        }
      }
    }
    files.forEach(
        (name, bytes) -> {
          if (name.endsWith(".class")) {
            classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
          } else if (bytes != null && name.lastIndexOf('/') == "META-INF/services".length()) {
            new String(bytes, StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .forEach(implementation -> services.put(implementation, entry + "!" + name));
          }
        });
  }

  private static List<String> paths(List<Entry> entries) {
    return entries.stream().map(Entry::path).toList();
  }

  @Test
  void onlyAClusterMasterWithoutFilesToStageIsFiltered() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    CharacterOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=[local]", "--trigger=x")
            .as(CharacterOptions.class);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);

    FlinkStaging.apply(options, out);
    assertThat(flink.getFilesToStage()).isNull();

    flink.setFlinkMaster("localhost:8081");
    FlinkStaging.apply(options, out);
    assertThat(flink.getFilesToStage()).isNotEmpty().noneMatch(path -> path.contains("flink-core"));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("loraflow: the FlinkRunner job stages ")
        .contains(
            "leaving out Flink's own jars and the libraries they bring, which the cluster has (");

    flink.setFilesToStage(List.of("mine.jar"));
    FlinkStaging.apply(options, out);
    assertThat(flink.getFilesToStage()).containsExactly("mine.jar");
  }

  @Test
  void aPathOnGcsStagesGoogleCloudStorage() {
    for (String gcs : List.of("--output=gs://bucket/reimu", "--tempLocation=gs://bucket/tmp")) {
      CharacterOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=FlinkRunner", "--flinkMaster=localhost:8081", "--trigger=x", gcs)
              .as(CharacterOptions.class);

      FlinkStaging.apply(options, new PrintStream(new ByteArrayOutputStream()));

      assertThat(options.as(FlinkPipelineOptions.class).getFilesToStage())
          .as(gcs)
          .anyMatch(path -> path.contains("google-cloud-platform-core"));
    }
    CharacterOptions local =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=localhost:8081", "--trigger=x")
            .as(CharacterOptions.class);
    FlinkStaging.apply(local, new PrintStream(new ByteArrayOutputStream()));
    assertThat(local.as(FlinkPipelineOptions.class).getFilesToStage())
        .noneMatch(path -> path.contains("google-cloud-platform-core"));
  }
}
