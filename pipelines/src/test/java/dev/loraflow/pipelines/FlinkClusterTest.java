package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.testing.TinyWd14;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character recipe submitted to a real Flink session cluster (its JobManager and TaskManager in
 * JVMs of their own, without loraflow or Beam) writes exactly what the DirectRunner writes. Tagged
 * {@code flink-cluster} to be left out with {@code -DexcludedGroups=flink-cluster} when iterating;
 * the default build, CI's included, runs it (about 60 s). A second job tags with WD14, whose ONNX
 * Runtime is staged for it alone.
 */
@Tag("flink-cluster")
class FlinkClusterTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private Map<String, String> runCharacter(Path input, Path out, String... runnerArgs)
      throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    String[] recipeArgs = {
      "--input=" + input,
      "--output=" + out,
      "--trigger=" + DemoDataset.TRIGGER,
      "--removeTags=" + String.join(",", DemoDataset.PERMANENT_TRAITS)
    };
    String[] args =
        Stream.concat(Stream.of(recipeArgs), Stream.of(runnerArgs)).toArray(String[]::new);
    assertThat(runner.run(runner.parse(args))).isZero();
    return DatasetFiles.digest(out);
  }

  @Test
  void characterRecipeOnASessionClusterEqualsDirectRunner() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(tmp.resolve("cluster"), 2)) {
      // While the cluster starts.
      Map<String, String> direct = runCharacter(input, tmp.resolve("direct"));
      cluster.awaitTaskManager();
      Map<String, String> flink;
      try {
        flink =
            runCharacter(
                input,
                tmp.resolve("flink"),
                "--runner=FlinkRunner",
                "--flinkMaster=" + cluster.master(),
                "--parallelism=2");
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            "the job failed; the client printed:\n"
                + printed.toString(StandardCharsets.UTF_8)
                + "\n"
                + cluster.logs(),
            e);
      }

      assertThat(flink).hasSize(2 * DemoDataset.GOOD_IMAGES + 3).isEqualTo(direct);
      JsonNode jobs = cluster.rest("/jobs/overview").path("jobs");
      assertThat(jobs).hasSize(1);
      assertThat(jobs.get(0).path("state").asText()).isEqualTo("FINISHED");
      JsonNode job = cluster.rest("/jobs/" + jobs.get(0).path("jid").asText());
      int stages = job.path("vertices").size();
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("loraflow: the FlinkRunner job stages ")
          .contains(
              "leaving out Flink's own jars and the libraries they bring, which the cluster has")
          .contains("Beam's DirectRunner, which runs on this machine only")
          .contains("Flink job " + jobs.get(0).path("jid").asText() + " is on ");
      List<String> progress =
          printed
              .toString(StandardCharsets.UTF_8)
              .lines()
              .filter(line -> line.startsWith("Flink job: "))
              .toList();
      assertThat(progress).allMatch(line -> line.length() <= FlinkJobProgress.LINE_WIDTH);
      // the last line is of the ended job: every stage done
      assertThat(progress).last().asString().startsWith("Flink job: " + stages + "/" + stages);

      // The WD14 tagger's ONNX Runtime, staged only for it, on the TaskManager.
      Path model = TinyWd14.write(tmp.resolve("model"));
      String[] tagger = {"--tagger=wd14", "--taggerModel=" + model};
      Map<String, String> directTagged = runCharacter(input, tmp.resolve("direct-wd14"), tagger);
      Map<String, String> flinkTagged =
          runCharacter(
              input,
              tmp.resolve("flink-wd14"),
              tagger[0],
              tagger[1],
              "--runner=FlinkRunner",
              "--flinkMaster=" + cluster.master(),
              "--parallelism=2");
      assertThat(flinkTagged).isEqualTo(directTagged).isNotEqualTo(flink);
    }
  }
}
