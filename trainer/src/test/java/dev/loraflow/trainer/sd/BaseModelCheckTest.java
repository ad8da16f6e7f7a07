package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.testing.TinySd;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BaseModelCheckTest {

  private static InMemoryTensors withKeys(String... names) {
    InMemoryTensors store = new InMemoryTensors();
    for (String name : names) {
      store.put(TensorData.ofFloats(name, new long[] {1}, new float[] {0}));
    }
    return store;
  }

  @Test
  void anSd1Checkpoint_passes() throws Exception {
    BaseModelCheck.requireSd1(TinySd.checkpoint(), Path.of("tiny.safetensors"));
  }

  @Test
  void whatUsersMistakeForSd1_isNamed() {
    assertThat(
            BaseModelCheck.looksLike(
                withKeys("conditioner.embedders.0.transformer.x", "model.diffusion_model.a")))
        .startsWith("SDXL");
    assertThat(
            BaseModelCheck.looksLike(
                withKeys("cond_stage_model.model.transformer.x", "model.diffusion_model.a")))
        .startsWith("SD 2.x");
    assertThat(BaseModelCheck.looksLike(withKeys("lora_unet_down_blocks_0.alpha")))
        .contains("a LoRA file");
    assertThat(BaseModelCheck.looksLike(withKeys("down_blocks.0.resnets.0.conv1.weight")))
        .contains("diffusers-layout");
    assertThatThrownBy(
            () ->
                BaseModelCheck.requireSd1(
                    withKeys("first_stage_model.encoder.x"), Path.of("vae.safetensors")))
        .hasMessageContaining("vae.safetensors is not an SD 1.x checkpoint")
        .hasMessageContaining("model.diffusion_model (UNet)");
  }
}
