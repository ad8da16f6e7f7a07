package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recipe run may do to the folders it is given: nothing lost, however it ends. */
class OutputGuardTest {
  /** The noise images are small, so that writing many of them stays quick. */
  private static final String SMALL = "--minSize=64";

  @TempDir Path tmp;
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private String stderr() {
    return errors.toString(StandardCharsets.UTF_8);
  }

  private static int character(Path input, Path output, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--input=" + input, "--output=" + output, "--trigger=demo chan"));
    args.addAll(List.of(more));
    return Main.run("character", args.toArray(String[]::new));
  }

  @Test
  void anInputInsideTheOutput_isRefusedWithExitCode2AndTheDatasetStays() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");
    assertThat(character(input, out)).isZero();
    Map<String, String> written = DatasetFiles.tree(out);
    Path repeatFolder = out.resolve("img/41_demo_chan");

    assertThat(character(repeatFolder, out)).isEqualTo(Main.USAGE);

    assertThat(stderr())
        .contains("--input '" + repeatFolder + "' is inside --output '" + out + "'");
    assertThat(DatasetFiles.tree(out)).isEqualTo(written);
  }

  @Test
  void foldersThatOverlapThroughALink_areRefusedEitherWay() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path outputLink = Files.createSymbolicLink(tmp.resolve("out-link"), input);
    Map<String, String> before = DatasetFiles.tree(input);

    assertThat(character(input, outputLink.resolve("dataset"))).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("is inside --input '" + input + "' (links resolved)");

    Path out = tmp.resolve("out");
    assertThat(character(input, out)).isZero();
    Path inputLink =
        Files.createSymbolicLink(tmp.resolve("in-link"), out.resolve("img/41_demo_chan"));
    Map<String, String> written = DatasetFiles.tree(out);
    assertThat(character(inputLink, out)).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("--input '" + inputLink + "' is inside --output");
    assertThat(DatasetFiles.tree(out)).isEqualTo(written);
    assertThat(DatasetFiles.tree(input)).isEqualTo(before);
  }

  @Test
  void aHandEditedManifestPointingElsewhere_isRefusedWithExitCode2AndNothingIsDeleted()
      throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");
    assertThat(character(input, out)).isZero();
    Path victim = Files.createDirectories(tmp.resolve("thesis"));
    Files.writeString(victim.resolve("chapter1.txt"), "years of work");
    Path manifest = out.resolve("dataset.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"img/41_demo_chan\"", "\"img/../../thesis\""));
    Map<String, String> written = DatasetFiles.tree(out);

    assertThat(character(input, out)).isEqualTo(Main.USAGE);

    assertThat(stderr()).contains("--output: " + out + "/dataset.json names 'img/../../thesis'");
    assertThat(DatasetFiles.tree(out)).isEqualTo(written);
    assertThat(victim.resolve("chapter1.txt")).hasContent("years of work");
  }

  @Test
  void filesTheUserAddedToTheRepeatFolder_areKeptAndNamed() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path out = tmp.resolve("out");
    assertThat(character(input, out)).isZero();
    Path mine = out.resolve("img/41_demo_chan/my_extra.png");
    Files.copy(input.resolve("demo_02.png"), mine);

    assertThat(character(input, out)).isZero();

    assertThat(mine).hasSameBinaryContentAs(input.resolve("demo_02.png"));
    assertThat(stderr())
        .contains("Keeping 1 file(s) you added or changed in " + out)
        .contains("img/41_demo_chan/my_extra.png");
  }

  /**
   * Versions before staging wrote each file through {@code .<name>.<UUID>.tmp} beside it, in the
   * output and its repeat folder, and a kill left those there: the next run cleans them up, whether
   * the kill came before any dataset was complete or while one was being replaced.
   */
  @Test
  void temporaryFilesOfARunBeforeStaging_areCleanedByTheNextRun() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    Path fresh = tmp.resolve("fresh");
    assertThat(character(input, fresh)).isZero();
    Map<String, String> clean = DatasetFiles.tree(fresh);

    Path killedFirst = tmp.resolve("killed-first");
    Files.createDirectories(killedFirst.resolve("img/41_demo_chan"));
    Files.writeString(
        killedFirst.resolve(
            "img/41_demo_chan/.demo_01_4d4c0e20b8.png.0f8e2a31-5b7c-4d1e-9a6f-3c2b1d0e9f87.tmp"),
        "half an image");
    Files.writeString(
        killedFirst.resolve(".dataset.json.7d3c9b1a-2e4f-4a6b-8c0d-1e2f3a4b5c6d.tmp"), "{\"for");
    assertThat(character(input, killedFirst)).isZero();
    assertThat(DatasetFiles.tree(killedFirst)).isEqualTo(clean);

    Path killedLater = tmp.resolve("killed-later");
    assertThat(character(input, killedLater)).isZero();
    Files.writeString(
        killedLater.resolve(
            "img/41_demo_chan/.demo_02_c514db2cf1.txt.a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.tmp"),
        "demo chan, 1gi");
    Files.writeString(killedLater.resolve("img/41_demo_chan/my notes.tmp"), "mine");
    assertThat(character(input, killedLater)).isZero();
    assertThat(stderr()).doesNotContain(".demo_02_c514db2cf1.txt.").contains("my notes.tmp");
    Files.delete(killedLater.resolve("img/41_demo_chan/my notes.tmp"));
    assertThat(DatasetFiles.tree(killedLater)).isEqualTo(clean);
  }

  /**
   * kill -9 in the middle of replacing a dataset: the earlier dataset is still there, whole, and
   * the same command run again gives exactly what a run that was never interrupted gives.
   */
  @Test
  void aRunKilledWithSigkill_leavesTheOldDatasetAndItsRerunEqualsACleanRun() throws Exception {
    Path input = tmp.resolve("in");
    NoiseImages.write(input, 0, 80);
    Path out = tmp.resolve("out");
    assertThat(character(input, out, SMALL)).isZero();
    Map<String, String> old = DatasetFiles.tree(out);
    NoiseImages.write(input, 80, 160);

    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dpipeline=character",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--input=" + input,
                "--output=" + out,
                "--trigger=demo chan",
                SMALL));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path staged = out.resolve(".loraflow/staging/img");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(staged) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    process.waitFor(30, TimeUnit.SECONDS);
    assertThat(staged).as("killed while writing the new dataset").exists();
    Map<String, String> afterKill = DatasetFiles.tree(out);
    afterKill.keySet().removeIf(path -> path.startsWith(".loraflow"));
    assertThat(afterKill).isEqualTo(old);

    assertThat(character(input, out, SMALL)).as(stderr()).isZero();
    Path clean = tmp.resolve("clean");
    assertThat(character(input, clean, SMALL)).isZero();
    assertThat(DatasetFiles.tree(out))
        .isEqualTo(DatasetFiles.tree(clean))
        .containsKey("img/6_demo_chan");
  }
}
