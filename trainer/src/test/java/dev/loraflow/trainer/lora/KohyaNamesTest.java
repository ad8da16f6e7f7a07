package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.testing.TinySd;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KohyaNamesTest {

  private final KohyaNames names = KohyaNames.sd15();

  @Test
  void all264DefaultModules_mapToTheLdmWeightKeysOfKohyasConversion_andBack() {
    Map<String, String> expected = LoraReferenceKeys.ldmWeights();
    assertThat(expected).hasSize(264);
    expected.forEach(
        (name, ldmWeight) -> {
          String path = ldmWeight.substring(0, ldmWeight.length() - ".weight".length());
          assertThat(names.modulePath(name)).as(name).contains(path);
          assertThat(names.kohyaName(path)).as(path).contains(name);
        });
  }

  @Test
  void all350ConvVariantModules_nameLinearOrConvLayersOfTheSd15UNet() {
    List<String> modules = LoraReferenceKeys.moduleNames("with_conv_dim4");
    assertThat(modules).hasSize(350);
    Map<String, Module> unet = new UNetModel(UNetConfig.sd15()).modulesByPath();
    Set<String> paths = new HashSet<>();
    for (String name : modules) {
      String path = names.modulePath(name).orElseThrow(() -> new AssertionError(name));
      assertThat(paths.add(path)).as("two names for " + path).isTrue();
      assertThat(names.kohyaName(path)).as(path).contains(name);
      if (name.startsWith(KohyaNames.UNET_PREFIX)) {
        Module layer = unet.get(path.substring(UNetModel.CHECKPOINT_PREFIX.length()));
        assertThat(layer).as(name + " -> " + path).isInstanceOfAny(Linear.class, Conv2d.class);
      }
    }
  }

  @Test
  void blockNumbersFollowTheLayout_ofATinyUNetWithOneResBlockPerLevel() {
    KohyaNames tiny = KohyaNames.of(TinySd.unetConfig(), TinySd.clipConfig());

    assertThat(tiny.modulePath("lora_unet_down_blocks_0_downsamplers_0_conv"))
        .contains("model.diffusion_model.input_blocks.2.0.op");
    assertThat(tiny.modulePath("lora_unet_down_blocks_1_resnets_0_conv_shortcut"))
        .contains("model.diffusion_model.input_blocks.3.0.skip_connection");
    // up block 0 is the deepest level, which has no transformer: the upsampler is child 1
    assertThat(tiny.modulePath("lora_unet_up_blocks_0_upsamplers_0_conv"))
        .contains("model.diffusion_model.output_blocks.1.1.conv");
    assertThat(tiny.modulePath("lora_unet_up_blocks_1_attentions_1_proj_out"))
        .contains("model.diffusion_model.output_blocks.3.1.proj_out");
    assertThat(tiny.modulePath("lora_te_text_model_encoder_layers_2_mlp_fc1")).isEmpty();
  }

  @Test
  void sd15SamplersAndMiddleBlock_followKohyasBlockRules() {
    assertThat(names.modulePath("lora_unet_down_blocks_2_downsamplers_0_conv"))
        .contains("model.diffusion_model.input_blocks.9.0.op");
    assertThat(names.modulePath("lora_unet_up_blocks_0_upsamplers_0_conv"))
        .contains("model.diffusion_model.output_blocks.2.1.conv");
    assertThat(names.modulePath("lora_unet_up_blocks_2_upsamplers_0_conv"))
        .contains("model.diffusion_model.output_blocks.8.2.conv");
    assertThat(names.modulePath("lora_unet_mid_block_resnets_1_time_emb_proj"))
        .contains("model.diffusion_model.middle_block.2.emb_layers.1");
    assertThat(names.modulePath("lora_unet_up_blocks_3_resnets_2_conv1"))
        .contains("model.diffusion_model.output_blocks.11.0.in_layers.2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lora_unet_down_blocks_4_attentions_0_proj_in", // SD 1.x has 4 levels
        "lora_unet_down_blocks_3_attentions_0_proj_in", // the deepest level has no transformer
        "lora_unet_down_blocks_3_downsamplers_0_conv", // nor a downsampler
        "lora_unet_up_blocks_0_attentions_0_proj_in",
        "lora_unet_up_blocks_3_upsamplers_0_conv",
        "lora_unet_down_blocks_0_attentions_2_proj_in", // 2 transformers per down level
        "lora_unet_up_blocks_1_attentions_3_proj_in", // 3 per up level
        "lora_unet_down_blocks_0_attentions_0_transformer_blocks_1_attn1_to_q", // depth 1
        "lora_unet_down_blocks_01_attentions_0_proj_in", // one spelling per number
        "lora_unet_down_blocks_0_attentions_0_norm", // GroupNorm: no LoRA
        "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_1",
        "lora_unet_mid_block_attentions_1_proj_in",
        "lora_unet_mid_block_resnets_2_conv1",
        "lora_unet_conv_in",
        "lora_unet_time_embedding_linear_1",
        "lora_te_text_model_encoder_layers_12_mlp_fc1", // ViT-L/14 has 12 layers
        "lora_te_text_model_embeddings_token_embedding",
        "lora_te1_text_model_encoder_layers_0_mlp_fc1", // SDXL's first text encoder
        "down_blocks_0_attentions_0_proj_in",
        ""
      })
  void namesOfNoSd15LoraTarget_haveNoPath(String name) {
    assertThat(names.modulePath(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "model.diffusion_model.input_blocks.0.0",
        "model.diffusion_model.input_blocks.1.1.norm",
        "model.diffusion_model.input_blocks.3.1.proj_in", // input_blocks.3 is a downsampler
        "model.diffusion_model.time_embed.0",
        "model.diffusion_model.out.2",
        "cond_stage_model.transformer.text_model.final_layer_norm",
        "first_stage_model.encoder.conv_in"
      })
  void layersKohyaLeavesAlone_haveNoName(String path) {
    assertThat(names.kohyaName(path)).isEmpty();
  }
}
