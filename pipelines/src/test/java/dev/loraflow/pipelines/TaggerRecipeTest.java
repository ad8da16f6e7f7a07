package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.layout.DatasetManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tagger=wd14 --taggerModel=<dir>}: WD14 captions through the recipe's rules and layout.
 */
class TaggerRecipeTest {
  @TempDir Path tmp;

  @Test
  void characterRecipeCaptionsWithWd14ThenAppliesItsRules() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path model = TinyWd14.write(tmp.resolve("model"));
    Path out = tmp.resolve("out");
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(new ByteArrayOutputStream()));
    int code =
        runner.run(
            runner.parse(
                new String[] {
                  "--input=" + input,
                  "--output=" + out,
                  "--trigger=demo chan",
                  "--removeTags=simple background",
                  "--tagger=wd14",
                  "--taggerModel=" + model,
                  "--taggerRatingTag=last",
                  "--taggerCacheDir=" + tmp.resolve("cache")
                }));
    assertThat(code).isZero();
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isEqualTo(DemoDataset.GOOD_IMAGES);
    // the tiny model says 1girl and ^_^ of every image; its simple_background is removed by the
    // rule,
    // and the demo's own captions (replaced by WD14's) are gone
    assertThat(manifest.images())
        .allSatisfy(
            e -> {
              assertThat(e.caption().get(0)).isEqualTo("demo chan");
              assertThat(e.caption().get(e.caption().size() - 1)).isIn("general", "sensitive");
              assertThat(e.caption())
                  .contains("1girl", "^_^")
                  .doesNotContain("simple background", "looking at viewer");
            });
  }

  @Test
  void tagMappingModelWritesItsCategoriesWithTheirThresholdsAndTheQualityLabel() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path model = TinyWd14.writeTagMapping(tmp.resolve("mapping"));
    Path out = tmp.resolve("out");
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(new ByteArrayOutputStream()));
    int code =
        runner.run(
            runner.parse(
                new String[] {
                  "--input=" + input,
                  "--output=" + out,
                  "--trigger=demo chan",
                  "--tagger=wd14",
                  "--taggerModel=" + model,
                  "--taggerQualityTag=first",
                  "--modelThreshold=0.5",
                  // the tagger's categories are under test, not the traits the recipe prunes
                  "--autoPrune=false"
                }));
    assertThat(code).isZero();
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    // the quality label comes right after the trigger; the model tag (0.45) is cut at 0.5; the
    // character recipe writes underscores as spaces
    assertThat(manifest.images())
        .allSatisfy(
            e -> {
              assertThat(e.caption().subList(0, 2)).containsExactly("demo chan", "masterpiece");
              assertThat(e.caption())
                  .contains("1girl", "highres", "some artist")
                  .doesNotContain("novelai");
            });
  }
}
