package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A network on the SD 1.5 model shapes (no base weights needed) against kohya's own networks. */
class LoraNetworkTest {

  private final NDManager manager = NDManager.newBaseManager();
  private final UNetModel unet = new UNetModel(UNetConfig.sd15());
  private final ClipTextModel clip = new ClipTextModel(ClipTextConfig.sd15());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void defaultNetwork_hasKohyasKeysShapesAndDtypes() {
    LoraNetwork network = LoraNetwork.create(unet, clip, LoraConfig.defaults(), manager, 1);

    assertThat(network.modules()).hasSize(264);
    assertThat(keys(network.export(Dtype.F32))).isEqualTo(LoraReferenceKeys.keys("default"));
  }

  @Test
  void convNetwork_hasKohyasKeysShapesAndDtypes() {
    LoraConfig config = LoraConfig.defaults().withConv(4, 1);

    LoraNetwork network = LoraNetwork.create(unet, clip, config, manager, 1);

    assertThat(network.modules()).hasSize(350);
    assertThat(keys(network.export(Dtype.F32))).isEqualTo(LoraReferenceKeys.keys("with_conv_dim4"));
  }

  @Test
  void convRank_appliesTo3x3ConvsOnly_alphaToo() {
    LoraConfig config = LoraConfig.defaults().withRank(8, 4).withConv(2, 1);

    Map<String, LoraModule> modules = LoraNetwork.create(unet, clip, config, manager, 1).modules();

    LoraModule conv1 = modules.get("lora_unet_down_blocks_0_resnets_0_conv1");
    LoraModule shortcut = modules.get("lora_unet_down_blocks_1_resnets_0_conv_shortcut");
    LoraModule timeEmb = modules.get("lora_unet_down_blocks_0_resnets_0_time_emb_proj");
    assertThat(List.of(conv1.rank(), conv1.alpha())).containsExactly(2, 1f);
    assertThat(List.of(shortcut.rank(), shortcut.alpha())).containsExactly(8, 4f);
    assertThat(List.of(timeEmb.rank(), timeEmb.alpha())).containsExactly(8, 4f);
    assertThat(conv1.isConv()).isTrue();
    assertThat(timeEmb.isConv()).isFalse();
  }

  @Test
  void unetOnly_leavesTheTextEncoderAlone_andGroupsWeightsByModel() {
    LoraNetwork unetOnly =
        LoraNetwork.create(
            unet, clip, LoraConfig.defaults().withTrainTextEncoder(false), manager, 1);
    LoraNetwork both = LoraNetwork.create(unet, clip, LoraConfig.defaults(), manager, 1);

    assertThat(unetOnly.modules()).hasSize(192);
    assertThat(unetOnly.textEncoderWeights()).isEmpty();
    assertThat(both.unetWeights())
        .hasSize(384)
        .allSatisfy((k, w) -> assertThat(k).startsWith("lora_unet_"));
    assertThat(both.textEncoderWeights())
        .hasSize(144)
        .containsKey("lora_te_text_model_encoder_layers_11_mlp_fc2.lora_up.weight");
    assertThat(both.unetWeights().values()).allMatch(Weight::isTrainable);
  }

  @Test
  void parameterCount_isEveryDownAndUpValue() {
    LoraNetwork network = LoraNetwork.create(unet, clip, LoraConfig.defaults(), manager, 1);

    long expected =
        LoraReferenceKeys.keys("default").entrySet().stream()
            .filter(e -> !e.getKey().endsWith(".alpha"))
            .mapToLong(e -> e.getValue().shape().stream().reduce(1L, Math::multiplyExact))
            .sum();
    assertThat(network.parameterCount()).isEqualTo(expected);
  }

  @Test
  void initialisation_isKohyas_andReproducibleFromTheSeed() {
    LoraConfig config = LoraConfig.defaults().withConv(4, 1);
    LoraNetwork first = LoraNetwork.create(unet, clip, config, manager, 42);

    first
        .modules()
        .forEach(
            (name, lora) -> {
              Weight down = lora.weightsByPath().get("lora_down.weight");
              Weight up = lora.weightsByPath().get("lora_up.weight");
              long fanIn = down.shape().size() / down.shape().get(0);
              float bound = (float) (1 / Math.sqrt(fanIn));
              float[] values = down.array().toFloatArray();
              assertThat(max(values)).as(name).isBetween(bound * 0.9f, bound);
              assertThat(up.array().abs().max().getFloat()).as(name).isZero();
            });

    LoraNetwork same = LoraNetwork.create(unet, clip, config, manager, 42);
    LoraNetwork other = LoraNetwork.create(unet, clip, config, manager, 43);
    String key =
        "lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_ff_net_2.lora_down.weight";
    float[] seed42 = first.unetWeights().get(key).array().toFloatArray();
    assertThat(same.unetWeights().get(key).array().toFloatArray()).containsExactly(seed42);
    assertThat(Arrays.equals(other.unetWeights().get(key).array().toFloatArray(), seed42))
        .isFalse();
  }

  @Test
  void trainingTheTextEncoderWithoutOne_isRefused() {
    assertThatThrownBy(() -> LoraNetwork.create(unet, null, LoraConfig.defaults(), manager, 1))
        .hasMessageContaining("LoraConfig.trainTextEncoder");
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static Map<String, LoraReferenceKeys.Entry> keys(TensorStore store) {
    Map<String, LoraReferenceKeys.Entry> keys = new LinkedHashMap<>();
    for (TensorInfo info : store.tensors()) {
      String dtype = info.dtype() == Dtype.F32 ? "float32" : info.dtype().name();
      keys.put(
          info.name(),
          new LoraReferenceKeys.Entry(Arrays.stream(info.shape()).boxed().toList(), dtype));
    }
    return keys;
  }
}
