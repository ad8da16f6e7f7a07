package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.source.booru.BooruSite;
import dev.loraflow.transforms.source.booru.FakeBooru;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The character recipe on a server of each booru family, {@code --source=<site> --booruTags=...}
 * with an account: the dataset it writes, and a distinctive key that appears in no file and no
 * output.
 */
class BooruRecipeTest {
  private static final String KEY = "Zq9-distinctive-api-key-7731";

  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final List<FakeBooru.Post> posts = new ArrayList<>();

  @BeforeEach
  void threeDemoImagesAsPosts() throws Exception {
    Path demo = tmp.resolve("demo");
    DemoDataset.write(demo);
    for (int id : new int[] {1, 2, 4}) { // the demo's PNGs
      byte[] png = Files.readAllBytes(demo.resolve(String.format("demo_%02d.png", id)));
      posts.add(
          FakeBooru.Post.of(id)
              .withImage(png, 320, 320)
              .withGeneral("1girl", "solo", "pink_hair", "blue_eyes", "smile"));
    }
  }

  /** Runs the recipe as {@code -Dpipeline=character} does, with loraflow's log captured. */
  private int run(String source, String login, Path out) throws Exception {
    return run(source, login, "demo_chan solo", out);
  }

  private int run(String source, String login, String tags, Path out) throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    PrintStream err = System.err;
    PrintStream stdout = System.out;
    PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    System.setErr(log);
    System.setOut(log);
    try {
      return runner.run(
          runner.parse(
              new String[] {
                "--source=" + source,
                "--baseUrl=" + server.url("/"),
                "--booruTags=" + tags,
                "--login=" + login,
                "--apiKey=" + KEY,
                "--requestsPerSecond=2",
                "--trigger=demo chan",
                "--removeTags=pink hair,blue eyes",
                "--output=" + out
              }));
    } finally {
      System.setErr(err);
      System.setOut(stdout);
    }
  }

  @Test
  void danbooru_buildsTheDatasetResumesAndNeverWritesTheKey() throws Exception {
    FakeBooru booru = new FakeBooru(BooruSite.DANBOORU, server, posts).withAccount("alice", KEY);
    Path out = tmp.resolve("out");
    assertThat(run("danbooru", "alice", out)).isZero();
    assertThat(booru.refusedRequests()).isZero();
    assertThat(booru.fileRequests()).isEqualTo(3);

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isEqualTo(3);
    assertThat(manifest.folder()).isEqualTo("img/333_demo_chan");
    // general tags only (Grabber's %general%), the trigger first, permanent traits gone
    assertThat(manifest.images())
        .allSatisfy(
            e -> assertThat(e.caption()).containsExactly("demo chan", "1girl", "solo", "smile"));
    assertThat(manifest.images()).allSatisfy(e -> assertThat(e.source()).isEqualTo("danbooru"));

    assertThat(run("danbooru", "alice", out)).isZero();
    assertThat(booru.fileRequests()).as("a rerun downloads nothing it has").isEqualTo(3);

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("danbooru:");
    assertKeyIsNowhere(out);
  }

  @Test
  void danbooru_refusesASearchOverTheAccountsTagLimitAfterReadingOnlyItsProfile() {
    FakeBooru booru = new FakeBooru(BooruSite.DANBOORU, server, posts).withAccount("alice", KEY);

    assertThatThrownBy(() -> run("danbooru", "alice", "demo_chan solo smile", tmp.resolve("out")))
        .rootCause()
        .hasMessageContaining("\"demo_chan solo smile\" has 3 tags that count")
        .hasMessageContaining("a Member account may use 2")
        .hasMessageNotContaining(KEY);
    assertThat(booru.apiRequests()).as("the profile, and no page").isEqualTo(1);
    assertThat(booru.fileRequests()).isZero();
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "gelbooru, GELBOORU, 4242, 'demo chan, 1girl, solo, smile'",
    "safebooru, SAFEBOORU, 4242, 'demo chan, 1girl, solo, smile'",
    "yandere, YANDERE, alice, 'demo chan, 1girl, solo, smile'",
    "konachan, KONACHAN, alice, 'demo chan, 1girl, solo, smile'",
    // e621's species tags describe what is drawn, so they are general tags too
    "e621, E621, alice, 'demo chan, 1girl, solo, smile, fox'"
  })
  void eachFamily_writesImagesAndCaptionsWithTriggerAndTagsAndNeverTheKey(
      String source, BooruSite site, String login, String caption) throws Exception {
    FakeBooru booru = new FakeBooru(site, server, posts).withAccount(login, KEY);
    Path out = tmp.resolve(source);

    assertThat(run(source, login, out)).isZero();

    assertThat(booru.refusedRequests()).as("every API request carried the account").isZero();
    assertThat(booru.fileRequests()).isEqualTo(3);
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.images())
        .extracting(DatasetManifest.Entry::id)
        .containsExactlyInAnyOrder(source + ":1", source + ":2", source + ":4");
    assertThat(manifest.folder()).isEqualTo("img/333_demo_chan");
    Path folder = out.resolve(manifest.folder());
    for (DatasetManifest.Entry entry : manifest.images()) {
      assertThat(entry.source()).isEqualTo(source);
      assertThat(ImageIO.read(folder.resolve(entry.file()).toFile())).as(entry.file()).isNotNull();
      assertThat(Files.readString(folder.resolve(entry.file().replaceAll("\\.\\w+$", ".txt"))))
          .isEqualTo(caption);
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).hasSize(6); // three images, three captions
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(source + ":");
    assertKeyIsNowhere(out);
  }

  private void assertKeyIsNowhere(Path out) throws Exception {
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
    try (Stream<Path> written = Files.walk(out)) {
      for (Path file : written.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain(KEY);
      }
    }
  }
}
