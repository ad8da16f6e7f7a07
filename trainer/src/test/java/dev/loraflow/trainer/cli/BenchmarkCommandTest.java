package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.loraflow.trainer.cli.BenchmarkCommand.Targets;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.testing.TinySd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
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
  void loraTargetsOfSd15_are128AttentionProjections192UNetLayersAnd264WithTheTextEncoder() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<Targets, Set<String>> names = new EnumMap<>(Targets.class);
      for (Targets targets : Targets.values()) {
        LoraNetwork network =
            BenchmarkCommand.network(
                new UNetModel(UNetConfig.sd15()),
                new ClipTextModel(ClipTextConfig.sd15()),
                targets,
                4,
                manager);
        names.put(targets, network.modules().keySet());
      }

      assertThat(names.get(Targets.ATTENTION))
          .hasSize(128)
          .contains("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k")
          .allMatch(name -> name.matches(".*_attn[12]_to_(q|k|v|out_0)"));
      assertThat(names.get(Targets.UNET))
          .hasSize(192)
          .contains(
              "lora_unet_down_blocks_0_attentions_0_proj_in",
              "lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_ff_net_2")
          .containsAll(names.get(Targets.ATTENTION));
      assertThat(names.get(Targets.KOHYA))
          .hasSize(264)
          .contains("lora_te_text_model_encoder_layers_0_self_attn_q_proj")
          .containsAll(names.get(Targets.UNET));
    }
  }

  @Test
  void trainMode_printsOneLinePerStepAndLoraWeightsThatMoved() throws Exception {
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
        .containsPattern(
            "train step 8x8 latent, 32 LoRA modules rank 8 \\(warm-up\\): \\d+\\.\\d\\d s")
        .containsPattern("train step 8x8 latent, 32 LoRA modules rank 8: \\d+\\.\\d\\d s")
        .containsPattern("peak RSS: \\d+ MB")
        .doesNotContain("unet 8x8 latent");
    Matcher norm = Pattern.compile("LoRA weights moved by: L2 (\\S+)").matcher(report);
    assertThat(norm.find()).as(report).isTrue();
    assertThat(Double.parseDouble(norm.group(1))).isGreaterThan(0);
  }
}
