package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.loraflow.trainer.cli.BenchmarkCommand.Targets;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.testing.TinySd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchmarkCommandTest {

  @TempDir Path dir;

  private final Attention.Implementation attentionBefore = Attention.implementation();
  private int threadsBefore;

  @BeforeEach
  void rememberThreads() {
    Engine.getEngine("PyTorch"); // loads the natives JniUtils calls into
    threadsBefore = JniUtils.getNumThreads();
  }

  /** The command sets process-wide state; the next test class must not inherit it. */
  @AfterEach
  void restoreAttentionAndThreads() {
    Attention.setImplementation(attentionBefore);
    JniUtils.setNumThreads(threadsBefore);
  }

  @Test
  void adapterTargetsOfSd15_are128AttentionProjectionsAnd192TransformerLayers() {
    UNetModel unet = new UNetModel(UNetConfig.sd15());

    Map<String, ?> attention = BenchmarkCommand.adapterTargets(unet, Targets.ATTENTION);
    Map<String, ?> transformer = BenchmarkCommand.adapterTargets(unet, Targets.TRANSFORMER);

    assertThat(attention)
        .hasSize(128)
        .containsKey("input_blocks.1.1.transformer_blocks.0.attn2.to_k");
    assertThat(transformer)
        .hasSize(192)
        .containsKeys(
            "input_blocks.1.1.proj_in",
            "output_blocks.11.1.transformer_blocks.0.ff.net.2",
            "middle_block.1.transformer_blocks.0.attn1.to_out.0");
    assertThat(transformer.keySet()).containsAll(attention.keySet());
  }

  @Test
  void trainMode_printsOneLinePerStepAndAGradientThatReachedTheAdapters() throws Exception {
    Path file = dir.resolve("tiny.safetensors");
    SafetensorsWriter.write(file, TinySd.checkpoint(), Map.of());
    StringWriter out = new StringWriter();
    CommandLine cli = TrainerCommand.commandLine().setOut(new PrintWriter(out));

    int code =
        cli.execute(
            "benchmark",
            file.toString(),
            "--train",
            "--latent",
            "8",
            "--runs",
            "1",
            "--targets",
            "ATTENTION",
            "--attention",
            "MATMUL_SOFTMAX",
            "--threads",
            "1");

    assertThat(code).isZero();
    String report = out.toString();
    // TinySd has one transformer block per attention level: 4 blocks (input 1, middle, output 2 and
    // 3) x 8 = 32
    assertThat(report)
        .contains("attention MATMUL_SOFTMAX, 1 intra-op threads")
        .containsPattern("train step 8x8 latent, 32 adapters rank 8 \\(warm-up\\): \\d+\\.\\d\\d s")
        .containsPattern("train step 8x8 latent, 32 adapters rank 8: \\d+\\.\\d\\d s")
        .containsPattern("peak RSS: \\d+ MB")
        .doesNotContain("unet 8x8 latent");
    Matcher norm = Pattern.compile("adapter gradient L2 norm: (\\S+)").matcher(report);
    assertThat(norm.find()).as(report).isTrue();
    assertThat(Double.parseDouble(norm.group(1))).isGreaterThan(0);
  }
}
