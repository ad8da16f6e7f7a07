package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.layout.DatasetManifest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleRecipeTest {
  @TempDir Path tmp;

  @Test
  void keepsDescriptiveTagsAndDropsRedundantOnes() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");
    Path rules = tmp.resolve("rules.txt");
    Files.writeString(rules, "replace: hair_ribbon -> ribbon, hair ornament\n");
    RecipeRunner<StyleOptions> runner =
        new RecipeRunner<>(
            StyleOptions.class,
            StyleRecipe::from,
            DemoDataset::styleDefaults,
            new PrintStream(new java.io.ByteArrayOutputStream()));
    int code =
        runner.run(
            runner.parse(
                new String[] {
                  "--input=" + input,
                  "--output=" + out,
                  "--name=flat_colors",
                  "--removeTags=highres",
                  "--rulesFile=" + rules
                }));
    assertThat(code).isZero();
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.folder()).isEqualTo("img/41_flat_colors");
    assertThat(manifest.tagFrequencies())
        .containsKeys("pink hair", "blue eyes", "twintails", "ribbon", "hair ornament", "demo chan")
        .doesNotContainKeys("highres", "hair ribbon");
    assertThat(manifest.images())
        .allSatisfy(e -> assertThat(e.caption().get(0)).isEqualTo("demo chan"));
  }
}
