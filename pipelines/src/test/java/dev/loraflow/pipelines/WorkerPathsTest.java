package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.tags.knowledge.TagData;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths given relative to the client mean the same on a worker, and a result it cannot see is
 * named.
 */
class WorkerPathsTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private RecipeOptions resolved(String... args) {
    RecipeOptions options = PipelineOptionsFactory.fromArgs(args).as(RecipeOptions.class);
    WorkerPaths.resolve(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return options;
  }

  private static String absolute(String relative) {
    return Path.of(relative).toAbsolutePath().normalize().toString();
  }

  @Test
  void flinkGetsAbsolutePathsAndTheClientSaysSo() throws Exception {
    Path model = TinyWd14.write(tmp.resolve("model"));
    String relativeModel = Path.of("").toAbsolutePath().relativize(model).toString();
    RecipeOptions options =
        resolved(
            "--runner=FlinkRunner",
            "--input=in",
            "--output=out/../out2",
            "--rulesFile=rules.txt",
            "--taggerModel=" + relativeModel,
            "--taggerTokenFile=token",
            "--taggerCacheDir=cache",
            "--tagCacheDir=tags",
            "--credentialsFile=booru.properties");

    assertThat(options.getInput()).isEqualTo(absolute("in"));
    assertThat(options.getOutput()).isEqualTo(absolute("out2"));
    assertThat(options.getRulesFile()).isEqualTo(absolute("rules.txt"));
    assertThat(options.getTaggerModel()).isEqualTo(model.toAbsolutePath().normalize().toString());
    assertThat(options.getTaggerTokenFile()).isEqualTo(absolute("token"));
    assertThat(options.getTaggerCacheDir()).isEqualTo(absolute("cache"));
    assertThat(options.getTagCacheDir()).isEqualTo(absolute("tags"));
    assertThat(options.getCredentialsFile()).isEqualTo(absolute("booru.properties"));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .hasLineCount(1)
        .startsWith("loraflow: FlinkRunner workers resolve paths in their own folder")
        .contains("--input=" + absolute("in"), "--output=" + absolute("out2"));
  }

  @Test
  void urisAbsolutePathsAndRepoIdsAreKept() {
    RecipeOptions options =
        resolved(
            "--runner=FlinkRunner",
            "--input=gs://bucket/images",
            "--output=" + tmp,
            "--taggerModel=SmilingWolf/wd-vit-tagger-v3");

    assertThat(options.getInput()).isEqualTo("gs://bucket/images");
    assertThat(options.getOutput()).isEqualTo(tmp.toString());
    assertThat(options.getTaggerModel()).isEqualTo("SmilingWolf/wd-vit-tagger-v3");
    // The default cache folder is absolute already.
    assertThat(options.getTagCacheDir()).isEqualTo(TagData.defaultCacheDir().toString());
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theDirectRunnerKeepsRelativePaths() {
    RecipeOptions options = resolved("--input=in", "--output=out");

    assertThat(options.getInput()).isEqualTo("in");
    assertThat(options.getOutput()).isEqualTo("out");
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aResultTheWorkersWroteElsewhereIsNamedWithTheRunner() throws Exception {
    Files.createDirectories(tmp.resolve("out"));
    OutputFolder output = OutputFolder.of(tmp.resolve("out").toString(), System.out);

    assertThatThrownBy(() -> output.read("rejects.jsonl", "FlinkRunner"))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("FlinkRunner job finished")
        .hasMessageContaining(tmp.resolve("out/rejects.jsonl").toString())
        .hasMessageContaining("--output must be a folder that the workers and this client share");
    assertThatThrownBy(() -> output.readManifest("FlinkRunner"))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(tmp.resolve("out/dataset.json").toString());
  }
}
