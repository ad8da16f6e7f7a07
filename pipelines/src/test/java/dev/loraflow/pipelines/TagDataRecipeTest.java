package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.layout.TagsReport;
import dev.loraflow.transforms.source.booru.BooruSite;
import dev.loraflow.transforms.source.booru.FakeBooru;
import dev.loraflow.transforms.source.booru.FakeBooru.Tag;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The style recipe with Danbooru's tag data from a fake Danbooru: implied tags, unknown tags. */
class TagDataRecipeTest {
  @TempDir Path tmp;
  @StartStop private final MockWebServer server = new MockWebServer();

  private FakeBooru danbooru() {
    return new FakeBooru(BooruSite.DANBOORU, server, List.of())
        .withTagImplications("very_long_hair -> long_hair", "red_bow -> bow", "hair_bow -> bow")
        .withTagAliases("blond_hair -> blonde_hair")
        .withTags(
            new Tag("1girl", 0, 6_000_000),
            new Tag("long_hair", 0, 5_000_000),
            new Tag("very_long_hair", 0, 1_000_000),
            new Tag("blonde_hair", 0, 1_200_000),
            new Tag("bow", 0, 900_000),
            new Tag("red_bow", 0, 300_000),
            new Tag("hair_bow", 0, 400_000),
            new Tag("boots", 0, 400_000),
            new Tag("red_footwear", 0, 80_000));
  }

  private Path input(String... captions) throws Exception {
    Path input = tmp.resolve("in");
    NoiseImages.write(input, 0, captions.length);
    for (int i = 0; i < captions.length; i++) {
      Files.writeString(input.resolve(String.format("noise_%03d.txt", i)), captions[i]);
    }
    return input;
  }

  private int style(Path input, String output, String... more) throws Exception {
    RecipeRunner<StyleOptions> runner =
        new RecipeRunner<>(
            StyleOptions.class,
            StyleRecipe::from,
            options -> {},
            new PrintStream(new ByteArrayOutputStream()));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--output=" + tmp.resolve(output),
                "--name=inkwash",
                "--minSize=32",
                "--tagCacheDir=" + tmp.resolve("cache"),
                "--tagDataUrl=" + server.url("/"),
                "--requestsPerSecond=10"));
    args.addAll(List.of(more));
    return runner.run(runner.parse(args.toArray(String[]::new)));
  }

  private Map<String, List<String>> captions(String output) throws Exception {
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(tmp.resolve(output).resolve("dataset.json")));
    Map<String, List<String>> captions = new TreeMap<>();
    manifest.images().forEach(image -> captions.put(image.file(), image.caption()));
    return captions;
  }

  private JsonNode report(String output) throws Exception {
    return TagsReport.parse(Files.readAllBytes(tmp.resolve(output).resolve(TagsReport.FILE_NAME)));
  }

  @Test
  void fetchesTagDataOnce_dropsImpliedTags_andFixesUnknownOnes() throws Exception {
    FakeBooru booru = danbooru();
    Path input =
        input(
            "1girl, long hair, very long hair, red bow, bow",
            "1girl, red_boots, blond hair, long_hiar",
            "1girl, hair bow, bow, made-up tag");

    assertThat(style(input, "out", "--tagData=fetch", "--fixTags")).isZero();

    assertThat(captions("out").values())
        .containsExactlyInAnyOrder(
            List.of("1girl", "very long hair", "red bow"),
            List.of("1girl", "red footwear", "boots", "blonde hair", "long hair"),
            List.of("1girl", "hair bow", "made-up tag"));
    JsonNode report = report("out");
    assertThat(report.get("impliedTags"))
        .extracting(note -> note.get("tag").asText() + " <= " + note.get("impliedBy").asText())
        .containsExactly("bow <= hair bow", "bow <= red bow", "long hair <= very long hair");
    assertThat(report.get("impliedTags").get(0).get("source").asText()).isEqualTo("danbooru");
    assertThat(report.get("unknownTags"))
        .extracting(note -> note.get("tag").asText() + " fixed " + note.get("fixed").asBoolean())
        .containsExactly(
            "blond hair fixed true",
            "long hiar fixed true",
            "made-up tag fixed false",
            "red boots fixed true");
    int requests = booru.apiRequests();

    // Offline: a second run reads the cache, and the network is not asked.
    server.close();
    assertThat(style(input, "again", "--tagData=refresh", "--fixTags")).isZero();
    assertThat(captions("again")).isEqualTo(captions("out"));
    assertThat(booru.apiRequests()).isEqualTo(requests);
  }

  private static final String REIMU_USUAL =
      "1girl, solo, hakurei reimu, touhou, red eyes, brown hair, long hair, hair between eyes,"
          + " hair bow, hair tubes, sidelocks, bow, red bow, japanese clothes, nontraditional"
          + " miko, ascot, yellow ascot, ";

  @Test
  void theCharacterRecipeOnAFolder_takesTagCategoriesFromTagData_asTheGuideTags() throws Exception {
    new FakeBooru(BooruSite.DANBOORU, server, List.of())
        .withTags(
            new Tag("hakurei_reimu", 4, 100_000),
            new Tag("touhou", 3, 1_000_000),
            new Tag("e.o", 1, 500),
            new Tag("highres", 5, 5_000_000),
            new Tag("1girl", 0, 6_000_000));
    // The guide's INCORRECT TAGGING list, and three more pictures in her usual look.
    Path input =
        input(
            "1girl, ascot, blush, bow, brown hair, closed mouth, e.o, hair between eyes, hair bow,"
                + " hair tubes, hakurei reimu, highres, japanese clothes, long hair, looking at"
                + " viewer, nontraditional miko, red bow, red eyes, sidelocks, simple background,"
                + " solo, touhou, upper body, white background, yellow ascot",
            REIMU_USUAL + "full body, outdoors, smile",
            REIMU_USUAL + "sitting, indoors, open mouth",
            REIMU_USUAL + "from side, night, closed eyes");
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            options -> {},
            new PrintStream(new ByteArrayOutputStream()));
    String[] args = {
      "--input=" + input,
      "--output=" + tmp.resolve("reimu"),
      "--trigger=hakurei reimu",
      "--minSize=32",
      "--tagCacheDir=" + tmp.resolve("cache"),
      "--tagDataUrl=" + server.url("/"),
      "--tagData=fetch"
    };

    assertThat(runner.run(runner.parse(args))).isZero();

    // The guide's CORRECT TAGGING list, the trigger first.
    Map<String, List<String>> captions = captions("reimu");
    assertThat(captions).hasSize(4);
    assertThat(captions.get(captions.keySet().stream().sorted().findFirst().orElseThrow()))
        .containsExactly(
            "hakurei reimu",
            "1girl",
            "blush",
            "closed mouth",
            "looking at viewer",
            "simple background",
            "solo",
            "upper body",
            "white background");
    assertThat(report("reimu").get("prunedTraits"))
        .filteredOn(note -> note.get("tag").asText().equals("touhou"))
        .singleElement()
        .satisfies(note -> assertThat(note.get("why").asText()).startsWith("copyright tag"));
  }

  @Test
  void withoutTagData_theStyleRecipeDropsColouredItemsItems_andChecksNothing() throws Exception {
    FakeBooru booru = danbooru();
    Path input = input("1girl, red bow, bow, long hair, very long hair, red_boots");

    assertThat(style(input, "out")).isZero();

    assertThat(captions("out").values())
        .containsExactly(List.of("1girl", "red bow", "long hair", "very long hair", "red boots"));
    JsonNode report = report("out");
    assertThat(report.get("impliedTags")).hasSize(1);
    assertThat(report.get("impliedTags").get(0).get("source").asText()).isEqualTo("colour rule");
    assertThat(report.has("unknownTags")).isFalse();
    assertThat(booru.apiRequests()).isZero();
  }

  @Test
  void optionsTurnTheStagesOff() throws Exception {
    danbooru();
    Path input = input("1girl, red bow, bow, red_boots");

    assertThat(
            style(input, "out", "--tagData=fetch", "--dropImpliedTags=false", "--checkTags=false"))
        .isZero();

    assertThat(captions("out").values())
        .containsExactly(List.of("1girl", "red bow", "bow", "red boots"));
    assertThat(report("out").size()).isZero();
  }

  @Test
  void fetchWithoutNetworkAndNothingCached_stopsSayingWhatToDo() throws Exception {
    danbooru();
    server.close();
    Path input = input("1girl");

    assertThatThrownBy(() -> style(input, "out", "--tagData=fetch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tagData=fetch: Fetching Danbooru's tag data failed")
        .hasMessageContaining("Without --tagData=fetch");
  }
}
