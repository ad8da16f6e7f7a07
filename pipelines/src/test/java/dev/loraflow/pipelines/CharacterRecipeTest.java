package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.layout.RejectsReport;
import dev.loraflow.transforms.model.Reject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharacterRecipeTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    return runner.run(runner.parse(args));
  }

  /**
   * The guide's rule without being told the traits: what most images show is pruned, the variant
   * keeps what departs (blonde hair, bikini), --keepTags protects, and the summary names them.
   */
  @Test
  void autoPrune_findsThePermanentTraits_keepsWhatDeparts_andTheSummarySaysWhich()
      throws Exception {
    Path input = tmp.resolve("in");
    NoiseImages.write(input, 0, 5);
    for (int i = 0; i < 4; i++) {
      Files.writeString(
          input.resolve(String.format("noise_%03d.txt", i)),
          "1girl, brown_hair, red eyes, hair bow, ahoge, solo, "
              + (i % 2 == 0 ? "smile" : "looking at viewer"));
    }
    Files.writeString(
        input.resolve("noise_004.txt"), "1girl, blonde hair, red eyes, bikini, ahoge, solo, smile");
    Path out = tmp.resolve("out");
    assertThat(
            run(
                "--input=" + input,
                "--output=" + out,
                "--trigger=test girl",
                "--name=test_girl",
                "--keepTags=ahoge",
                "--minSize=32"))
        .isZero();

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.images())
        .as(printed.toString(StandardCharsets.UTF_8))
        .extracting(e -> String.join(", ", e.caption()))
        .containsExactlyInAnyOrder(
            "test girl, 1girl, ahoge, solo, smile",
            "test girl, 1girl, ahoge, solo, looking at viewer",
            "test girl, 1girl, ahoge, solo, smile",
            "test girl, 1girl, ahoge, solo, looking at viewer",
            "test girl, 1girl, blonde hair, bikini, ahoge, solo, smile");
    assertThat(Files.readString(out.resolve("tags-report.json")))
        .contains("\"brown hair\"", "\"red eyes\"", "\"hair bow\"")
        .doesNotContain("\"tag\" : \"ahoge\"", "\"tag\" : \"blonde hair\"");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Pruned:     3 permanent traits (")
        .contains("brown hair 4/5", "red eyes 5/5", "hair bow 4/5");

    Path plain = tmp.resolve("plain");
    assertThat(
            run(
                "--input=" + input,
                "--output=" + plain,
                "--trigger=test girl",
                "--name=test_girl",
                "--autoPrune=false",
                "--minSize=32"))
        .isZero();
    assertThat(DatasetManifest.parse(Files.readAllBytes(plain.resolve("dataset.json"))).images())
        .allSatisfy(e -> assertThat(e.caption()).contains("red eyes"));
  }

  @Test
  void demoRunWritesTheKohyaDatasetAndSaysSo() throws Exception {
    Path out = tmp.resolve("demo_chan");
    assertThat(run("--output=" + out)).isZero();

    Path folder = out.resolve("img/41_demo_chan");
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).hasSize(2 * DemoDataset.GOOD_IMAGES);
      assertThat(names.stream().filter(n -> n.endsWith(".txt"))).hasSize(DemoDataset.GOOD_IMAGES);
    }
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isEqualTo(DemoDataset.GOOD_IMAGES);
    assertThat(manifest.repeats()).isEqualTo(1000 / DemoDataset.GOOD_IMAGES);
    for (DatasetManifest.Entry entry : manifest.images()) {
      String caption =
          Files.readString(folder.resolve(entry.file().replaceAll("\\.\\w+$", ".txt")));
      assertThat(caption).startsWith("demo chan, ");
      assertThat(List.of(caption.split(", ")))
          .doesNotContainAnyElementsOf(DemoDataset.PERMANENT_TRAITS);
    }
    List<Reject> rejects = RejectsReport.parse(Files.readAllBytes(out.resolve("rejects.jsonl")));
    assertThat(rejects)
        .extracting(Reject::id)
        .containsExactlyInAnyOrder(
            "folder:broken.png",
            "folder:notes.jpg",
            "folder:empty.webp",
            "folder:thumbnail.png",
            "folder:demo_01_copy.png",
            "folder:demo_05_cropped.jpg");
    assertThat(rejects)
        .filteredOn(r -> r.id().equals("folder:demo_05_cropped.jpg"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage()).isEqualTo("near-duplicate");
              assertThat(r.reason()).startsWith("near-duplicate of folder:demo_05.png");
            });
    assertThat(Files.readString(out.resolve("tags-report.json")))
        .contains("\"nearDuplicates\"")
        .contains("demo_05_cropped.jpg");
    String summary = printed.toString(StandardCharsets.UTF_8);
    assertThat(summary)
        .contains("running on the embedded demo data")
        .contains("Images in:  30")
        .contains("Rejected:   6 {decode=4, dedupe=1, near-duplicate=1}")
        .contains("Written:    24")
        .contains("Repeats:    41");
  }

  @Test
  void leavesTheInputFolderByteIdenticalAndRerunsIntoItsOwnOutput() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Map<String, String> before = DatasetFiles.digest(input);
    Path out = tmp.resolve("out");
    String[] args = {
      "--input=" + input,
      "--output=" + out,
      "--trigger=Demo_Chan",
      "--removeTags=pink_hair,Blue Eyes"
    };
    assertThat(run(args)).isZero();
    Map<String, String> firstRun = DatasetFiles.digest(out);
    assertThat(run(args)).isZero();
    assertThat(DatasetFiles.digest(out)).isEqualTo(firstRun);
    assertThat(DatasetFiles.digest(input)).isEqualTo(before);
    assertThat(firstRun.keySet()).anyMatch(f -> f.startsWith("img/41_Demo_Chan/"));
  }

  @Test
  void keepsNearDuplicatesWhenToldTo() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");

    assertThat(
            run(
                "--input=" + input,
                "--output=" + out,
                "--trigger=demo chan",
                "--dropNearDuplicates=false"))
        .isZero();

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isEqualTo(DemoDataset.GOOD_IMAGES + 1);
    assertThat(Files.readString(out.resolve("rejects.jsonl"))).doesNotContain("near-duplicate");
  }

  @Test
  void refusesAnOutputFolderHoldingAnotherDataset() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");
    assertThat(run("--input=" + input, "--output=" + out, "--trigger=demo chan")).isZero();
    Map<String, String> written = DatasetFiles.digest(out);
    assertThatThrownBy(() -> run("--input=" + input, "--output=" + out, "--trigger=other girl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds the dataset 'demo_chan'");
    assertThat(DatasetFiles.digest(out)).isEqualTo(written);
  }

  @Test
  void refusesAFolderOfSomeoneElsesFilesAndAnOutputInsideTheInput() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("thesis.txt"), "important");
    assertThatThrownBy(() -> run("--input=" + input, "--output=" + foreign, "--trigger=x"))
        .hasMessageContaining("files that loraflow did not write");
    assertThatThrownBy(
            () -> run("--input=" + input, "--output=" + input.resolve("out"), "--trigger=x"))
        .hasMessageContaining("is inside --input");
    assertThat(Files.readString(foreign.resolve("thesis.txt"))).isEqualTo("important");
  }

  @Test
  void nonUtf8CaptionIsReportedAndTheExitCodeSaysSo() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Files.write(
        input.resolve("demo_02.txt"), "caf\u00e9, 1girl".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(run("--input=" + input, "--output=" + tmp.resolve("out"), "--trigger=demo chan"))
        .isEqualTo(RecipeRunner.INPUT_ERRORS);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Input error: ")
        .contains("demo_02.txt is not valid UTF-8");
  }
}
