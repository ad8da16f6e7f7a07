package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.testing.TorchZipWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConvertCkptCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();
  private final InMemoryTensors tensors =
      new InMemoryTensors()
          .put(TensorData.ofFloats("x.weight", new long[] {2}, new float[] {1.5f, -3}));
  private Path ckpt;

  @BeforeEach
  void writeCheckpoint() throws Exception {
    ckpt = dir.resolve("model.ckpt");
    TorchZipWriter.write(ckpt, tensors);
  }

  private int convert(String... args) {
    return new CommandLine(new ConvertCkptCommand()).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void givenTheInputAsOutput_directlyOrThroughALink_refusesAndLeavesItAsItWas() throws Exception {
    byte[] before = Files.readAllBytes(ckpt);
    Path link = Files.createSymbolicLink(dir.resolve("link.safetensors"), ckpt);

    assertThat(convert(ckpt.toString(), "--output", ckpt.toString(), "--force"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(convert(ckpt.toString(), "--output", link.toString(), "--force"))
        .isEqualTo(CommandLine.ExitCode.USAGE);

    assertThat(err.toString()).contains("refused: the output " + ckpt + " is the input file");
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(before);
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void givenAnExistingOutput_refusesItUnlessForcedAndThenReplacesItWhole() throws Exception {
    Path existing = dir.resolve("model.safetensors");
    SafetensorsWriter.write(existing, new InMemoryTensors(), Map.of("note", "keep me"));
    byte[] before = Files.readAllBytes(existing);

    assertThat(convert(ckpt.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains(existing + " exists; give --force to replace it");
    assertThat(Files.readAllBytes(existing)).isEqualTo(before);

    assertThat(convert(ckpt.toString(), "--force")).isZero();
    try (SafetensorsReader converted = SafetensorsReader.open(existing)) {
      assertThat(converted.read("x.weight").sameAs(tensors.read("x.weight"))).isTrue();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("model.ckpt", "model.safetensors");
    }
  }
}
