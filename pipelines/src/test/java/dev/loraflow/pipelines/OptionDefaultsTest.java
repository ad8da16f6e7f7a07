package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.MergeMode;
import dev.loraflow.transforms.tagging.Wd14Tagger;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.TagPosition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionDefaultsTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final RecipeRunner<CharacterOptions> runner =
      new RecipeRunner<>(
          CharacterOptions.class,
          CharacterRecipe::from,
          DemoDataset::characterDefaults,
          new PrintStream(printed, true, StandardCharsets.UTF_8));

  @Test
  void enumDefaultsAreTheLibrarys() {
    CharacterOptions options = runner.parse(new String[0]);
    assertThat(options.getTagger()).isEqualTo(AutoTagger.NONE);
    assertThat(options.getSource()).isEqualTo(ImageSource.FOLDER);
    assertThat(options.getTaggerMerge()).isEqualTo(Wd14Tagger.DEFAULT_MERGE_MODE);
    assertThat(options.getTaggerDevice()).isEqualTo(Wd14Tagger.DEFAULT_EXECUTION_PROVIDER);
    assertThat(options.getTaggerRatingTag()).isEqualTo(Wd14Tagger.DEFAULT_LABEL_POSITION);
    assertThat(options.getTaggerQualityTag()).isEqualTo(Wd14Tagger.DEFAULT_LABEL_POSITION);
  }

  @Test
  void enumOptionsParseAsPeopleTypeThem() {
    CharacterOptions options =
        runner.parse(
            new String[] {
              "--trigger=x",
              "--tagger=wd14",
              "--taggerDevice=cuda",
              "--taggerMerge=only_untagged",
              "--taggerRatingTag=last",
              "--source=danbooru",
              "--booruTags=solo",
              "--captionCategories=character,general"
            });
    assertThat(options.getTagger()).isEqualTo(AutoTagger.WD14);
    assertThat(options.getTaggerDevice()).isEqualTo(ExecutionProvider.CUDA);
    assertThat(options.getTaggerMerge()).isEqualTo(MergeMode.ONLY_UNTAGGED);
    assertThat(options.getTaggerRatingTag()).isEqualTo(TagPosition.LAST);
    assertThat(options.getSource()).isEqualTo(ImageSource.DANBOORU);
    assertThat(options.getCaptionCategories())
        .containsExactly(TagCategory.CHARACTER, TagCategory.GENERAL);
  }

  @Test
  void anUnknownValueIsNamedWithTheAllowedOnes() {
    assertThatThrownBy(() -> runner.parse(new String[] {"--taggerDevice=tpu"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tpu")
        .hasMessageContaining("CUDA");
  }

  @Test
  void theOldBooruSearchNameStillWorksWithOneWarning() {
    CharacterOptions options =
        runner.parse(new String[] {"--source=gelbooru", "--tags=solo", "--trigger=x"});
    assertThat(options.getBooruTags()).isEqualTo("solo");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("--tags is deprecated")
        .contains("--booruTags");
  }

  @Test
  void everyBooruIsASource() {
    List<Object> sites =
        List.of(ImageSource.values()).stream()
            .flatMap(source -> source.booruSite().stream())
            .map(Object.class::cast)
            .toList();
    assertThat(sites)
        .containsExactly((Object[]) dev.loraflow.transforms.source.booru.BooruSite.values());
  }
}
