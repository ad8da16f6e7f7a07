package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.testing.TinySd;
import dev.loraflow.trainer.testing.TorchZipWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCommandTest {

  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = TrainerCommand.commandLine().setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
    return out.toString();
  }

  @Test
  void inspect_reportsSizesAndKeysOfACkpt() throws Exception {
    Path ckpt = dir.resolve("tiny.ckpt");
    TorchZipWriter.write(ckpt, TinySd.checkpoint());

    String report = run("inspect", ckpt.toString());

    assertThat(report)
        .contains("unet:         " + TinySd.unetConfig())
        .contains("text encoder: " + TinySd.clipConfig())
        .contains("0 missing")
        .contains("ignored: cond_stage_model.transformer.text_model.embeddings.position_ids");
  }

  @Test
  void inspect_aFileThatIsNoSdCheckpointIsOneLineAndExitCodeOne() throws Exception {
    Path file = dir.resolve("other.safetensors");
    SafetensorsWriter.write(file, new InMemoryTensors(), Map.of("note", "not a model"));
    StringWriter err = new StringWriter();
    int code =
        TrainerCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute("inspect", file.toString());
    assertThat(code).isEqualTo(TrainerCommand.BAD_INPUT);
    assertThat(err.toString()).startsWith("loraflow-trainer: ").contains("input_blocks.0.0.weight");
  }

  @Test
  void benchmark_timesATinyModel() throws Exception {
    Path file = dir.resolve("tiny.safetensors");
    SafetensorsWriter.write(file, TinySd.checkpoint(), Map.of());

    String report = run("benchmark", file.toString(), "--latent", "8", "--runs", "1");

    assertThat(report).contains("unet 8x8 latent:").contains("peak RSS:");
  }
}
