package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.loraflow.testing.FakeHub;
import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.image.WhiteSquare;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import dev.loraflow.transforms.tagging.onnx.LabelCategory;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import dev.loraflow.transforms.tagging.onnx.ModelFormat;
import dev.loraflow.transforms.tagging.onnx.TagPosition;
import dev.loraflow.transforms.tagging.onnx.Wd14Model;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newer layout kohya reads from a 3-part repo id ({@code model_optimized.onnx} + {@code
 * tag_mapping.json}), end to end with the tiny model of that signature.
 */
class TagMappingTaggerTest {

  private static final Sample RED = sample("red", Color.RED, 48, 48);
  private static final Sample GREEN = sample("green", Color.GREEN, 32, 32);
  private static final Sample BLUE = sample("blue", Color.BLUE, 64, 64);

  @StartStop private final MockWebServer server = new MockWebServer();

  @TempDir Path dir;
  private Path model;

  @BeforeEach
  void writeModel() throws IOException {
    model = TinyWd14.writeTagMapping(dir.resolve("model"));
  }

  @Test
  void givenAFolder_captionsInProbabilityOrder_withEveryCategoryAtItsThreshold() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(RED, GREEN, BLUE).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(model.toString()).withBatchSize(2));

    PAssert.that(captions(out.samples()))
        .containsInAnyOrder(
            "red GENERAL: red_background, 1girl, highres, solo, novelai, some_artist",
            "green GENERAL: vocaloid, hatsune_miku_(vocaloid), 1girl, highres, solo, novelai,"
                + " some_artist",
            "blue SENSITIVE: 1girl, highres, solo, novelai, some_artist");
    p.run().waitUntilFinish();
  }

  @Test
  void categoryThresholds_qualityAndRatingPositions_andCharactersFirst_changeTheCaption() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(GREEN).withCoder(SampleCoder.of()))
            .apply(
                Wd14Tagger.create()
                    .withModel(model.toString())
                    .withCharacterTagsFirst(true)
                    .withQualityTag(TagPosition.LAST)
                    .withRatingTag(TagPosition.FIRST)
                    .withModelThreshold(0.5f)
                    .withArtistThreshold(0.5f)
                    .withMetaThreshold(0.7f)
                    .withCopyrightThreshold(0.96f)
                    .withRemoveUnderscore(true)
                    .withCharacterTagExpand(true));

    PAssert.that(captions(out.samples()))
        .containsInAnyOrder(
            "green GENERAL: general, hatsune miku, vocaloid, 1girl, solo, masterpiece");
    p.run().waitUntilFinish();
  }

  @Test
  void scoresAndCategories_areKeptInTheSample() {
    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(GREEN).withCoder(SampleCoder.of()))
            .apply(Wd14Tagger.create().withModel(model.toString()));

    PAssert.thatSingleton(out.samples())
        .satisfies(
            sample -> {
              assertThat(sample.tags())
                  .extracting(Tag::name, Tag::category)
                  .containsExactly(
                      tuple("1girl", TagCategory.GENERAL),
                      tuple("solo", TagCategory.GENERAL),
                      tuple("hatsune_miku_(vocaloid)", TagCategory.CHARACTER),
                      tuple("vocaloid", TagCategory.COPYRIGHT),
                      tuple("highres", TagCategory.META),
                      tuple("novelai", TagCategory.META),
                      tuple("some_artist", TagCategory.ARTIST));
              assertThat(sample.tags().get(3).score()).isCloseTo(sigmoid(3), within(1e-6f));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void givenAThreePartRepoId_downloadsTheSubfolderPair_andTags() throws Exception {
    server.setDispatcher(
        new FakeHub()
            .serve("owner/taggers", "cl_v1/model_optimized.onnx", bytes("model_optimized.onnx"))
            .serve("owner/taggers", "cl_v1/tag_mapping.json", bytes("tag_mapping.json")));
    Path cache = dir.resolve("cache");

    Pipeline p = pipeline();
    SamplesAndRejects out =
        p.apply(Create.of(RED).withCoder(SampleCoder.of()))
            .apply(
                Wd14Tagger.create()
                    .withModel("owner/taggers/cl_v1")
                    .withCacheDir(cache.toString())
                    .withBaseUrl(server.url("/").toString()));
    PAssert.that(captions(out.samples()))
        .containsInAnyOrder(
            "red GENERAL: red_background, 1girl, highres, solo, novelai, some_artist");
    p.run().waitUntilFinish();

    assertThat(cache.resolve("owner_taggers/cl_v1/model_optimized.onnx")).exists();
    assertThat(cache.resolve("owner_taggers/cl_v1/tag_mapping.json")).exists();
    assertThat(server.takeRequest(0, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/owner/taggers/resolve/main/cl_v1/tag_mapping.json");
  }

  @Test
  void theModel_turnsLogitsIntoProbabilities_includingOutputsTheMappingSkips() throws Exception {
    InferenceSettings settings = InferenceSettings.of(2, 1, 1, ExecutionProvider.CPU);
    try (Wd14Model loaded = Wd14Model.load(ModelFiles.in(model), settings)) {
      ByteImage red = WhiteSquare.prepare(RED.bytes(), loaded.inputSize());

      float[] scores = loaded.run(List.of(red))[0];

      assertThat(loaded.format()).isEqualTo(ModelFormat.TAG_MAPPING);
      assertThat(loaded.labels()).hasSize(16);
      assertThat(loaded.labels().get(7).category()).isEqualTo(LabelCategory.IGNORED);
      assertThat(scores).hasSize(17);
      assertThat(scores[5]).isCloseTo(sigmoid(2.5), within(1e-6f)); // red_background
      assertThat(scores[7]).isCloseTo(sigmoid(5), within(1e-6f));
    }
  }

  @Test
  void aFolderWithTheModelAsModelOnnx_isATagMappingModelToo() throws Exception {
    Files.move(model.resolve("model_optimized.onnx"), model.resolve("model.onnx"));
    InferenceSettings settings = InferenceSettings.of(1, 1, 1, ExecutionProvider.CPU);

    ModelFiles files = ModelFiles.in(model);

    assertThat(files.onnx().getFileName()).hasToString("model.onnx");
    try (Wd14Model loaded = Wd14Model.load(files, settings)) {
      assertThat(loaded.format()).isEqualTo(ModelFormat.TAG_MAPPING);
      assertThat(loaded.labels()).hasSize(16);
    }
  }

  @Test
  void aFolderWithoutItsModel_namesTheFileKohyaExpects() throws IOException {
    Files.delete(model.resolve("model_optimized.onnx"));
    InferenceSettings settings = InferenceSettings.of(1, 1, 1, ExecutionProvider.CPU);

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(model), settings))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("model_optimized.onnx");
  }

  private byte[] bytes(String file) throws IOException {
    return Files.readAllBytes(model.resolve(file));
  }

  private static float sigmoid(double x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
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
