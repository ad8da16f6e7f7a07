package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.tagging.Wd14Tagger;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;

class RecipeRunnerTest {

  private final RecipeRunner<CharacterOptions> runner =
      new RecipeRunner<>(
          CharacterOptions.class,
          CharacterRecipe::from,
          DemoDataset::characterDefaults,
          new PrintStream(OutputStream.nullOutputStream()));

  private int parallelism(String... args) {
    return runner.parse(args).as(DirectOptions.class).getTargetParallelism();
  }

  @Test
  void givenWd14OnTheCpuOverAFolder_runsTheDirectRunnerWithOneWorker() {
    assertThat(parallelism("--tagger=wd14", "--input=/data/reimu", "--trigger=reimu")).isEqualTo(1);
  }

  @Test
  void givenAParallelismOfTheUsersOwn_keepsIt() {
    assertThat(parallelism("--tagger=wd14", "--targetParallelism=4")).isEqualTo(4);
  }

  @Test
  void givenNoTaggerABooruSourceOrCuda_keepsTheRunnersDefault() {
    int runnersDefault = Math.max(Runtime.getRuntime().availableProcessors(), 3);
    assertThat(parallelism()).isEqualTo(runnersDefault);
    assertThat(parallelism("--tagger=wd14", "--source=danbooru", "--booruTags=solo", "--trigger=x"))
        .isEqualTo(runnersDefault);
    assertThat(parallelism("--tagger=wd14", "--taggerDevice=cuda")).isEqualTo(runnersDefault);
  }

  @Test
  void theRecipesTagger_gathersTheBundlesRunnerTuningChose() {
    RecipeOptions options = runner.parse(new String[] {"--tagger=wd14", "--trigger=reimu"});

    Wd14Tagger tagger = (Wd14Tagger) RecipeParts.tagger(options).orElseThrow();

    assertThat(DisplayData.from(tagger).items())
        .anySatisfy(
            item -> {
              assertThat(item.getKey()).isEqualTo("batchesPerBundle");
              assertThat(item.getValue()).isEqualTo((long) RunnerTuning.TAGGER_BATCHES_PER_BUNDLE);
            });
  }
}
