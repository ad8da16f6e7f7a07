package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.testing.TinyWd14;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same recipe on an embedded Flink mini cluster writes exactly what DirectRunner writes. */
class FlinkRunnerTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private Map<String, String> runCharacter(Path input, Path out, String... runnerArgs)
      throws Exception {
    return runCharacter(input.toString(), out.toString(), runnerArgs);
  }

  private Map<String, String> runCharacter(String input, String out, String... runnerArgs)
      throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    String[] args = new String[4 + runnerArgs.length];
    args[0] = "--input=" + input;
    args[1] = "--output=" + out;
    args[2] = "--trigger=" + DemoDataset.TRIGGER;
    args[3] = "--removeTags=" + String.join(",", DemoDataset.PERMANENT_TRAITS);
    System.arraycopy(runnerArgs, 0, args, 4, runnerArgs.length);
    assertThat(runner.run(runner.parse(args))).isZero();
    return DatasetFiles.digest(Path.of(out));
  }

  @Test
  void characterRecipeOnEmbeddedFlinkEqualsDirectRunner() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Map<String, String> direct = runCharacter(input, tmp.resolve("direct"));
    // Relative, as a user types them: resolved here before the workers see them.
    Path here = Path.of("").toAbsolutePath();
    Map<String, String> flink =
        runCharacter(
            here.relativize(input).toString(),
            here.relativize(tmp.resolve("flink")).toString(),
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");
    assertThat(flink).hasSize(2 * DemoDataset.GOOD_IMAGES + 3).isEqualTo(direct);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("FlinkRunner workers resolve paths in their own folder")
        .contains("--input=" + input, "--output=" + tmp.resolve("flink"));
  }

  @Test
  void characterRecipeWithWd14OnEmbeddedFlinkEqualsDirectRunner() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path model = TinyWd14.write(tmp.resolve("model"));
    String[] tagger = {
      "--tagger=wd14", "--taggerModel=" + model, "--taggerCacheDir=" + tmp.resolve("cache")
    };
    Map<String, String> direct = runCharacter(input, tmp.resolve("direct"), tagger);
    String[] onFlink = Arrays.copyOf(tagger, tagger.length + 3);
    onFlink[tagger.length] = "--runner=FlinkRunner";
    onFlink[tagger.length + 1] = "--flinkMaster=[local]";
    onFlink[tagger.length + 2] = "--parallelism=2";
    Map<String, String> flink = runCharacter(input, tmp.resolve("flink"), onFlink);
    assertThat(flink).hasSize(2 * DemoDataset.GOOD_IMAGES + 3).isEqualTo(direct);
  }
}
