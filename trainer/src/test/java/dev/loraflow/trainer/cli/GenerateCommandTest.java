package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.sample.PngFiles;
import dev.loraflow.trainer.sample.SampleWriter;
import dev.loraflow.trainer.testing.TinyRun;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code generate} on the demo model with LoRAs a tiny run trained, and its checkpoint grid. */
class GenerateCommandTest {

  @TempDir static Path dir;
  private static TinyRun run;
  private static final String PROMPT = "tiny chan, solo --w 32 --h 32 --s 2 --d 9";

  @BeforeAll
  static void train() throws Exception {
    run = new TinyRun(dir);
    run.train(run.config("model"));
  }

  @Test
  void twoLorasAtTheirMultipliers_drawPngsWithTheirHashes() throws Exception {
    Path out = dir.resolve("generated");
    String printed =
        ok(
            "--baseModel=" + run.model,
            "--prompt=" + PROMPT,
            "--prompt=tiny chan, red --w 40 --h 24 --s 2 --d 3 --ss ddim",
            "--lora=" + dir.resolve("model/tiny-step00000002.safetensors") + ":0.8",
            "--lora=" + dir.resolve("model/tiny.safetensors") + ":0.5",
            "--outputDir=" + out);

    assertThat(printed).contains("00000-9.png").contains("00001-3.png");
    BufferedImage second = ImageIO.read(out.resolve("00001-3.png").toFile());
    assertThat(second.getWidth()).isEqualTo(40);
    assertThat(second.getHeight()).isEqualTo(24);
    assertThat(PngFiles.readText(out.resolve("00000-9.png"), SampleWriter.PARAMETERS))
        .startsWith("tiny chan, solo\nSteps: 2, Sampler: Euler a, CFG scale: 7.5, Seed: 9,")
        .containsPattern("Lora hashes: \"tiny-step00000002: [0-9a-f]{12}, tiny: [0-9a-f]{12}\"$");
  }

  @Test
  void compare_drawsEveryCheckpointOfTheRunIntoOneLabelledGrid() throws Exception {
    Path out = dir.resolve("grid");
    String printed =
        ok(
            "--baseModel=" + run.model,
            "--prompt=" + PROMPT,
            "--prompt=tiny chan, red --w 32 --h 32 --s 2",
            "--compare=" + dir.resolve("model"),
            "--outputDir=" + out);

    Path grid = out.resolve("tiny-grid.png");
    assertThat(printed).contains("4 checkpoints x 2 prompts: " + grid);
    BufferedImage image = ImageIO.read(grid.toFile());
    assertThat(image.getWidth()).isEqualTo(240 + 2 * 32);
    assertThat(image.getHeight()).isEqualTo(48 + 4 * 32);
  }

  @Test
  void badInput_isOneLineNamingIt_beforeAnyImage() throws Exception {
    Path sdxl = dir.resolve("sdxl.safetensors");
    InMemoryTensors keys = new InMemoryTensors();
    keys.put(
        TensorData.ofFloats(
            "lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight",
            new long[] {4, 8},
            new float[32]));
    SafetensorsWriter.write(sdxl, keys, Map.of());
    String base = "--baseModel=" + run.model;
    String prompt = "--prompt=" + PROMPT;

    assertThat(fails(base, prompt, "--lora=" + sdxl)).contains("an SDXL LoRA");
    assertThat(fails(base, prompt, "--lora=" + dir.resolve("nope.safetensors") + ":0.7"))
        .contains("--lora " + dir.resolve("nope.safetensors") + " is not a file");
    assertThat(fails("--baseModel=" + dir.resolve("none.safetensors"), prompt))
        .contains("is not a file");
    assertThat(fails(base, "--prompt=a --w 36")).contains("multiple of 8");
    assertThat(fails(base, prompt, "--sampler=plms")).contains("unknown sampler 'plms'");
    assertThat(fails(base, "--prompt=" + "red ".repeat(80))).contains("would be cut");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .doesNotContain("generated-bad");
    }
  }

  private static String ok(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        TrainerCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    String[] command = Stream.concat(Stream.of("generate"), Stream.of(args)).toArray(String[]::new);
    assertThat(cli.execute(command)).as(err.toString()).isZero();
    return out.toString();
  }

  private static String fails(String... args) {
    StringWriter err = new StringWriter();
    List<String> command =
        Stream.concat(
                Stream.of("generate", "--outputDir=" + dir.resolve("generated-bad")),
                Stream.of(args))
            .toList();
    int code =
        TrainerCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(command.toArray(String[]::new));
    assertThat(code).as(String.join(" ", command)).isEqualTo(TrainerCommand.BAD_INPUT);
    assertThat(err.toString().lines()).hasSize(1);
    return err.toString();
  }
}
