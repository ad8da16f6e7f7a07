package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.sample.PngFiles;
import dev.loraflow.trainer.sample.SampleWriter;
import dev.loraflow.trainer.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preview images during training: when, where, named how, and that training does not notice. */
class TrainingSamplesTest {

  @TempDir Path tmp;

  @Test
  void previewsAtFirstEveryNStepsAndCheckpoints_leaveTheLossCurveAndLoraUnchanged()
      throws Exception {
    TinyRun run = new TinyRun(tmp);
    Path prompts = tmp.resolve("prompts.txt");
    Files.writeString(
        prompts,
        "# previews\ntiny chan, solo --w 64 --h 64 --s 2 --d 42\n"
            + "tiny chan, red --n blue --w 32 --h 48 --s 2 --d 5 --ss euler_a\n");

    run.train(run.config("plain"));
    run.train(
        run.config(
            "sampled",
            "samplePrompts",
            prompts.toString(),
            "sampleEveryNSteps",
            3,
            "sampleAtFirst",
            true));

    assertThat(Files.readAllLines(tmp.resolve("sampled").resolve(LossLog.CSV)))
        .isEqualTo(Files.readAllLines(tmp.resolve("plain").resolve(LossLog.CSV)));
    assertSameTensors(
        tmp.resolve("plain/tiny.safetensors"), tmp.resolve("sampled/tiny.safetensors"));

    List<String> names;
    try (Stream<Path> files = Files.list(tmp.resolve("sampled").resolve("sample"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // step 0 (at first), 2 and 4 (checkpoints), 3 (every 3), 6 (both): two prompts each
    assertThat(names).hasSize(10);
    for (String step : List.of("000000", "000002", "000003", "000004", "000006")) {
      assertThat(names).anyMatch(n -> n.matches("tiny_" + step + "_00_\\d{14}_42\\.png"));
      assertThat(names).anyMatch(n -> n.matches("tiny_" + step + "_01_\\d{14}_5\\.png"));
    }
    Path second = tmp.resolve("sampled/sample").resolve(names.get(1));
    assertThat(PngFiles.readText(second, SampleWriter.PARAMETERS))
        .startsWith("tiny chan, red\nNegative prompt: blue\nSteps: 2, Sampler: Euler a,")
        .contains("Size: 32x48, Model hash: ");
    assertThat(run.output.toString()).contains("sample images: 2 prompts at every checkpoint");
  }

  @Test
  void aBadPrompt_stopsTheRunBeforeTraining_namingFileLineAndOption() throws Exception {
    TinyRun run = new TinyRun(tmp);
    Path prompts = tmp.resolve("prompts.txt");
    Files.writeString(prompts, "ok --w 64 --h 64\nbad --w 60\n");
    assertThatThrownBy(() -> run.train(run.config("out", "samplePrompts", prompts.toString())))
        .hasMessageContaining("prompt 2")
        .hasMessageContaining("multiple of 8");
    Files.writeString(prompts, "ok --w 64 --x 1\n");
    assertThatThrownBy(() -> run.train(run.config("out2", "samplePrompts", prompts.toString())))
        .hasMessageContaining("prompts.txt line 1: unknown option --x");
    assertThat(tmp.resolve("out").resolve(LossLog.CSV)).doesNotExist();
    assertThatThrownBy(() -> run.train(run.config("out3", "sampleSampler", "plms")))
        .hasMessageContaining("sampleSampler: unknown sampler 'plms'");
  }

  private static void assertSameTensors(Path expected, Path actual) throws Exception {
    try (SafetensorsReader a = SafetensorsReader.open(expected);
        SafetensorsReader b = SafetensorsReader.open(actual)) {
      assertThat(b.tensors()).isEqualTo(a.tensors());
      for (TensorInfo info : a.tensors()) {
        assertThat(b.read(info.name()).toFloatArray())
            .as(info.name())
            .containsExactly(a.read(info.name()).toFloatArray());
      }
    }
  }
}
