package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform end to end on the DirectRunner, with the tiny WD14 model. */
class Wd14TaggerTest {

  // Square, so white padding does not dilute the colour; sizes cover all three resize paths.
  private static final Sample RED = sample("red", Color.RED, 48, 48); // area, scale 1.5
  private static final Sample GREEN = sample("green", Color.GREEN, 16, 16); // Lanczos
  private static final Sample BLUE = sample("blue", Color.BLUE, 64, 64); // halving
  private static final Sample WHITE = sample("white", Color.WHITE, 40, 24); // padded

  @TempDir Path dir;
  private Path model;

  @BeforeEach
  void writeModel() throws IOException {
    model = TinyWd14.write(dir.resolve("model"));
  }

  @Test
  void givenColouredImages_emitsKohyaCaptions() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(RED, GREEN, WHITE, BLUE).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(model.toString()).withBatchSize(2));

    PAssert.that(captions(out.samples()))
        .containsInAnyOrder(
            "red GENERAL: 1girl, red_background, simple_background, ^_^",
            "green GENERAL: 1girl, simple_background, ^_^, hatsune_miku, kagamine_rin",
            "white GENERAL: 1girl, white_background, simple_background, ^_^",
            "blue SENSITIVE: 1girl, simple_background, ^_^, blue_background");
    PAssert.that(out.rejects()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void tagsKeepTheirScoresAndCategories() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(GREEN).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(model.toString()));

    PAssert.thatSingleton(out.samples())
        .satisfies(
            tagged -> {
              assertThat(tagged.tagsIn(TagCategory.CHARACTER))
                  .extracting(Tag::name)
                  .containsExactly("hatsune_miku", "kagamine_rin");
              assertThat(tagged.tags()).allMatch(tag -> tag.score() >= 0.35f);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void orderingOptions_changeTheCaption() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(GREEN).withCoder(SampleCoder.of()))
            .apply(
                Wd14Tagger.create()
                    .withModel(model.toString())
                    .withCharacterTagsFirst(true)
                    .withAlwaysFirstTags("1girl")
                    .withUndesiredTags("^_^")
                    .withRemoveUnderscore(true)
                    .withGeneralThreshold(0.3f)
                    .withCharacterThreshold(0.95f));

    PAssert.that(captions(out.samples()))
        .containsInAnyOrder("green GENERAL: 1girl, kagamine rin, simple background, long hair");
    p.run().waitUntilFinish();
  }

  @Test
  void onlyUntagged_leavesTaggedSamplesAlone() {
    Sample tagged =
        RED.toBuilder()
            .setId("tagged")
            .setCaption(List.of("mine"))
            .setRating(Rating.GENERAL)
            .build();
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(tagged, WHITE).withCoder(SampleCoder.of()))
            .apply(
                Wd14Tagger.create()
                    .withModel(model.toString())
                    .withMergeMode(MergeMode.ONLY_UNTAGGED));

    PAssert.that(captions(out.samples()))
        .containsInAnyOrder(
            "tagged GENERAL: mine",
            "white GENERAL: 1girl, white_background, simple_background, ^_^");
    p.run().waitUntilFinish();
  }

  @Test
  void givenABrokenImage_rejectsIt_andTagsTheOthers() {
    Sample broken = TestImages.sample("broken", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(RED, broken, WHITE).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(model.toString()).withBatchSize(1));

    PAssert.that(ids(out.samples())).containsInAnyOrder("red", "white");
    PAssert.that(
            out.rejects()
                .apply("Stages", MapElements.into(TypeDescriptors.strings()).via(Reject::stage)))
        .containsInAnyOrder("wd14");
    p.run().waitUntilFinish();
  }

  @Test
  void fixedBatchOfOneModel_tagsEveryImage() throws IOException {
    Path fixed = TinyWd14.write(dir.resolve("fixed"), 1);
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(RED, GREEN, WHITE).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(fixed.toString()).withBatchSize(8));

    PAssert.that(ids(out.samples())).containsInAnyOrder("red", "green", "white");
    p.run().waitUntilFinish();
  }

  @Test
  void aModelThatDoesNotMatchItsCsv_failsWhenThePipelineIsBuilt() throws IOException {
    TinyWd14.writeCsv(model.resolve(ModelFiles.LABELS), 5);
    Pipeline p = pipeline();
    PCollection<Sample> samples = p.apply(Create.of(RED).withCoder(SampleCoder.of()));

    assertThatThrownBy(() -> samples.apply(Wd14Tagger.create().withModel(model.toString())))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("has 5 labels");
  }

  @Test
  void aMissingFolderThatIsNoRepoId_saysSo() {
    Pipeline p = pipeline();
    PCollection<Sample> samples = p.apply(Create.of(RED).withCoder(SampleCoder.of()));
    String missing = dir.resolve("no/such/model").toString();

    assertThatThrownBy(() -> samples.apply(Wd14Tagger.create().withModel(missing)))
        .hasMessageContaining("neither a folder nor a Hugging Face repo id");
  }

  @Test
  void badSettings_failInTheirSetters() {
    Wd14Tagger tagger = Wd14Tagger.create();
    assertThatThrownBy(() -> tagger.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withBatchesPerBundle(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withPreprocessThreads(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withGeneralThreshold(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withBaseUrl("ftp:/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withModel(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withRevision("../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tagger.withRevision("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void displayData_listsTheSettings() {
    DisplayData data =
        DisplayData.from(Wd14Tagger.create().withModel("a/b").withGeneralThreshold(0.5f));

    assertThat(data.asMap().keySet().stream().map(id -> id.getKey()))
        .contains(
            "model",
            "revision",
            "generalThreshold",
            "characterThreshold",
            "mergeMode",
            "batchSize");
    assertThat(Wd14Tagger.create().withModel("a/b").withGeneralThreshold(0.5f))
        .isNotEqualTo(Wd14Tagger.create().withModel("a/b"));
  }

  @Test
  void batchesPerBundle_defaultsToTwo_andIsShown() {
    assertThat(bundleSetting(Wd14Tagger.create())).isEqualTo(2L);
    assertThat(bundleSetting(Wd14Tagger.create().withBatchesPerBundle(16))).isEqualTo(16L);
  }

  private static Object bundleSetting(Wd14Tagger tagger) {
    return DisplayData.from(tagger).items().stream()
        .filter(item -> item.getKey().equals("batchesPerBundle"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static PCollection<String> ids(PCollection<Sample> samples) {
    return samples.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
  }

  /** "id RATING: caption" per sample. */
  private static PCollection<String> captions(PCollection<Sample> samples) {
    return samples.apply(
        "Captions",
        MapElements.into(TypeDescriptors.strings())
            .via(s -> s.id() + " " + s.rating() + ": " + String.join(", ", s.caption())));
  }

  private static Sample sample(String id, Color color, int width, int height) {
    return TestImages.sample(id, TestImages.solidPng(color, width, height));
  }
}
