package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.sd.StableDiffusion;
import dev.loraflow.trainer.testing.Npy;
import dev.loraflow.trainer.testing.TinySd;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A LoRA network on the tiny SD checkpoint, through the real UNet and text encoder passes. */
class LoraOnTinySdTest {

  private static final LoraConfig CONV = LoraConfig.defaults().withRank(4, 2).withConv(4, 1);

  private NDManager manager;
  private StableDiffusion sd;
  private NDArray latents;
  private NDArray timesteps;
  private NDArray tokens;
  private NDArray context;

  @BeforeEach
  void load() throws Exception {
    manager = NDManager.newBaseManager();
    sd = StableDiffusion.load(TinySd.checkpoint(), manager);
    latents = manager.randomNormal(new Shape(1, 4, 8, 8));
    timesteps = manager.create(new long[] {300});
    tokens = manager.create(new long[] {49406, 320, 1125, 49407}, new Shape(1, 4));
    context = manager.randomNormal(new Shape(1, 4, 32));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void freshNetwork_zeroUpWeights_leaveTheOutputsUnchanged() {
    float[] unetBefore = unet().toFloatArray();
    float[] clipBefore = sd.textEncoder().forward(tokens, 1).toFloatArray();

    LoraNetwork network = LoraNetwork.create(sd.unet(), sd.textEncoder(), CONV, manager, 7);

    assertThat(network.modules()).hasSizeGreaterThan(10);
    assertThat(unet().toFloatArray()).containsExactly(unetBefore);
    assertThat(sd.textEncoder().forward(tokens, 1).toFloatArray()).containsExactly(clipBefore);
  }

  @Test
  void nonZeroUp_changesTheOutput_multiplierZeroAndDetachRestoreIt() {
    float[] before = unet().toFloatArray();
    LoraNetwork network = LoraNetwork.create(sd.unet(), sd.textEncoder(), CONV, manager, 7);
    randomiseUp(network);

    float[] full = unet().toFloatArray();
    network.setMultiplier(0.5f);
    float[] half = unet().toFloatArray();
    network.setMultiplier(0f);
    float[] off = unet().toFloatArray();
    network.setMultiplier(1f);
    network.detach();
    float[] detached = unet().toFloatArray();

    assertThat(Npy.relativeL2(full, before)).isGreaterThan(1e-3);
    assertThat(Npy.relativeL2(half, before)).isBetween(1e-4, Npy.relativeL2(full, before));
    assertThat(Npy.relativeL2(off, before)).isLessThan(1e-6);
    assertThat(detached).containsExactly(before);
  }

  @Test
  void withAFloat16Base_theLoraRunsInFloat32AndItsDeltaComesBackAsFloat16() {
    LoraNetwork network = LoraNetwork.create(sd.unet(), sd.textEncoder(), CONV, manager, 7);
    randomiseUp(network);
    float[] fp32 = unet().toFloatArray();

    sd.unet().castWeights(DataType.FLOAT16);
    float[] fp16 = unet().toFloatArray();

    assertThat(network.unetWeights().values())
        .allMatch(w -> w.array().getDataType() == DataType.FLOAT32);
    assertThat(Npy.relativeL2(fp16, fp32)).isLessThan(1e-2);
  }

  @Test
  void gradientsReachLoraUp_andAfterOneStepLoraDown() {
    LoraNetwork network = LoraNetwork.create(sd.unet(), sd.textEncoder(), CONV, manager, 7);
    Map<String, Weight> weights = network.unetWeights();
    String name = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k";
    String conv = "lora_unet_down_blocks_0_resnets_0_conv1";

    backward();
    assertThat(gradientSum(weights.get(name + ".lora_up.weight"))).isGreaterThan(0f);
    assertThat(gradientSum(weights.get(conv + ".lora_up.weight"))).isGreaterThan(0f);
    assertThat(gradientSum(weights.get(name + ".lora_down.weight"))).isZero();
    assertThat(
            gradientSum(
                network
                    .textEncoderWeights()
                    .get("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight")))
        .isGreaterThan(0f);

    for (Weight w : weights.values()) { // one plain SGD step moves up off zero
      w.set(w.array().sub(w.array().getGradient().mul(10f)));
    }
    backward();
    assertThat(gradientSum(weights.get(name + ".lora_down.weight"))).isGreaterThan(0f);
    assertThat(gradientSum(weights.get(conv + ".lora_down.weight"))).isGreaterThan(0f);
  }

  private void backward() {
    try (NDManager batch = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray context = sd.textEncoder().forward(tokens.duplicate(), 1);
      NDArray noise = batch.randomNormal(new Shape(1, 4, 8, 8));
      NDArray prediction = sd.unet().forward(latents, timesteps, context);
      collector.backward(prediction.sub(noise).square().mean());
    }
  }

  private NDArray unet() {
    return sd.unet().forward(latents, timesteps, context);
  }

  private void randomiseUp(LoraNetwork network) {
    network
        .modules()
        .values()
        .forEach(
            lora -> {
              Weight up = lora.weightsByPath().get("lora_up.weight");
              up.set(manager.randomNormal(up.shape()).mul(0.2f));
            });
  }

  private static float gradientSum(Weight weight) {
    return weight.array().getGradient().abs().sum().getFloat();
  }
}
