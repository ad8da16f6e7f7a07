package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.FlinkStaging.Entry;
import dev.loraflow.pipelines.FlinkStaging.Library;
import dev.loraflow.pipelines.FlinkStaging.Plan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
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
    Path classes = Files.createDirectories(tmp.resolve("classes/ai/onnxruntime"));
    Files.writeString(classes.resolve("Ort.class"), "x");

    assertThat(FlinkStaging.entry(flink.toString()).library()).hasValue(Library.FLINK);
    assertThat(FlinkStaging.entry(mixed.toString()).library()).isEmpty();
    assertThat(FlinkStaging.entry(natives.toString()).library()).hasValue(Library.TRAINER);
    assertThat(FlinkStaging.entry(onlyMetadata.toString()).library()).isEmpty();
    Entry folder = FlinkStaging.entry(tmp.resolve("classes").toString());
    assertThat(folder.library()).hasValue(Library.ONNX_RUNTIME);
    assertThat(folder.bytes()).isEqualTo(1);
  }

  @Test
  void theRecipesClassPathStagesFarLessWithoutFlinkOnnxRuntimeAndDjl() {
    List<String> classPath =
        PipelineResources.detectClassPathResourcesToStage(
            FlinkRunner.class.getClassLoader(), PipelineOptionsFactory.create());
    long all = classPath.stream().map(FlinkStaging::entry).mapToLong(Entry::bytes).sum();

    Plan plan = FlinkStaging.plan(classPath, false, false);

    assertThat(plan.leftOut()).containsOnlyKeys(Library.values());
    assertThat(plan.leftOut().get(Library.FLINK))
        .extracting(Entry::path)
        .anyMatch(path -> path.contains("flink-runtime"))
        .noneMatch(path -> path.contains("beam-runners-flink"));
    long staged = plan.staged().stream().mapToLong(Entry::bytes).sum();
    assertThat(staged).isLessThan(all / 2);
    assertThat(plan.leftOut().get(Library.GOOGLE_CLOUD))
        .extracting(Entry::path)
        .anyMatch(path -> path.contains("google-cloud-platform-core"))
        .anyMatch(path -> path.contains("grpc-netty-shaded"));
    assertThat(plan.staged())
        .extracting(Entry::path)
        .anyMatch(path -> path.contains("beam-vendor-grpc"))
        .anyMatch(path -> path.contains("protobuf-java"));
    assertThat(FlinkStaging.plan(classPath, true, false).leftOut())
        .doesNotContainKey(Library.ONNX_RUNTIME);
    assertThat(FlinkStaging.plan(classPath, false, true).leftOut())
        .doesNotContainKey(Library.GOOGLE_CLOUD);
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
        .contains("leaving out Flink's own jars, which the cluster has (");

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
