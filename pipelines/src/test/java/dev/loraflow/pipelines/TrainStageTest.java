package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.trainer.demo.DemoBaseModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe followed by the trainer, and the trainer alone, as -Dpipeline runs them. */
class TrainStageTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeEach
  void captureStdout() {
    originalOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(originalOut);
  }

  private String stdout() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** Small and quick: 64 px squares, four steps, a checkpoint every two. */
  private static final String[] QUICK = {
    "--resolution=64", "--enableBucket=false", "--maxTrainSteps=4", "--saveEveryNSteps=2"
  };

  private String[] args(String... first) {
    String[] all = new String[first.length + QUICK.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(QUICK, 0, all, first.length, QUICK.length);
    return all;
  }

  @Test
  void characterWithABaseModel_buildsTheDatasetAndTrainsIt() throws Exception {
    Path input = tmp.resolve("drawings");
    DemoDataset.write(input);
    Path model = DemoBaseModel.writeTo(tmp.resolve("base"), 5);
    Path out = tmp.resolve("reimu");

    int code =
        Main.run(
            "character",
            args(
                "--input=" + input,
                "--trigger=demo chan",
                "--output=" + out,
                "--baseModel=" + model));

    assertThat(code).isZero();
    assertThat(out.resolve("img/41_demo_chan")).isDirectory();
    assertThat(out.resolve("model/demo_chan-step00000002.safetensors")).isRegularFile();
    assertThat(out.resolve("model/demo_chan-step00000004.safetensors")).isRegularFile();
    assertThat(out.resolve("model/demo_chan.safetensors")).isRegularFile();
    assertThat(stdout()).contains("Written:    24 images").contains("4 steps");
  }

  @Test
  void withoutABaseModel_theDatasetIsWrittenAndTheTrainCommandShown() throws Exception {
    Path input = tmp.resolve("drawings");
    DemoDataset.write(input);
    Path out = tmp.resolve("reimu");

    Main.run(
        "character", new String[] {"--input=" + input, "--trigger=demo chan", "--output=" + out});

    assertThat(out.resolve("model")).doesNotExist();
    assertThat(stdout())
        .contains("No --baseModel given")
        .contains("-Dpipeline=train")
        .contains("--trainDataDir=" + out.resolve("img"));
  }

  @Test
  void trainAlone_trainsAnExistingKohyaFolder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("img/10_demo chan"));
    DemoDataset.write(tmp.resolve("drawings"));
    try (var files = Files.list(tmp.resolve("drawings"))) {
      for (Path file :
          files.filter(f -> f.toString().matches(".*demo_\\d+\\.(png|txt)")).toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    Path model = DemoBaseModel.writeTo(tmp.resolve("base"), 5);

    int code =
        Main.run(
            "train",
            args(
                "--trainDataDir=" + tmp.resolve("img"),
                "--baseModel=" + model,
                "--outputDir=" + tmp.resolve("lora")));

    assertThat(code).isZero();
    assertThat(tmp.resolve("lora/demo_chan-step00000004.safetensors")).isRegularFile();
    assertThat(stdout()).contains("10_demo chan:");
  }

  @Test
  void generate_drawsWithTheTrainedLora() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("img/10_demo chan"));
    DemoDataset.write(tmp.resolve("drawings"));
    try (var files = Files.list(tmp.resolve("drawings"))) {
      for (Path file :
          files.filter(f -> f.toString().matches(".*demo_\\d+\\.(png|txt)")).toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    Path model = DemoBaseModel.writeTo(tmp.resolve("base"), 5);
    Main.run(
        "train",
        args(
            "--trainDataDir=" + tmp.resolve("img"),
            "--baseModel=" + model,
            "--outputDir=" + tmp.resolve("lora")));

    int code =
        Main.run(
            "generate",
            new String[] {
              "--baseModel=" + model,
              "--prompt=demo chan --w 64 --h 64 --s 2 --d 4",
              "--lora=" + tmp.resolve("lora/demo_chan.safetensors") + ":0.8",
              "--outputDir=" + tmp.resolve("out")
            });

    assertThat(code).isZero();
    assertThat(tmp.resolve("out/00000-4.png")).isRegularFile();
  }

  @Test
  void trainerOptions_areSplitFromTheRecipes() {
    TrainStage.Args split =
        TrainStage.split(
            new String[] {"--input=x", "--networkDim=8", "--trigger=t", "--kohyaConfig=c.json"});
    assertThat(split.recipe()).containsExactly("--input=x", "--trigger=t");
    assertThat(split.trainer()).containsExactly("--networkDim=8", "--kohyaConfig=c.json");
    assertThat(split.hasBaseModel()).isTrue(); // a kohya config names one
  }
}
