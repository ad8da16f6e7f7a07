package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every module kohya puts a LoRA on is a layer of ours that accepts an adapter. */
class LoraTargetsTest {

  @Test
  void all264KohyaTargets_areLinearOr1x1ConvModulesAtTheirLdmPath() throws Exception {
    JsonNode map;
    try (InputStream in = getClass().getResourceAsStream("/sd15/lora_name_to_ldm_key.json")) {
      map = new ObjectMapper().readTree(in).get("map");
    }
    Map<String, Module> unet = new UNetModel(UNetConfig.sd15()).modulesByPath();
    Map<String, Module> clip = new ClipTextModel(ClipTextConfig.sd15()).modulesByPath();
    int checked = 0;
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      checked++;
      String weight = entry.getValue().get("ldm_weight").textValue();
      String path = weight.substring(0, weight.length() - ".weight".length());
      Module module =
          path.startsWith(UNetModel.CHECKPOINT_PREFIX)
              ? unet.get(path.substring(UNetModel.CHECKPOINT_PREFIX.length()))
              : clip.get(path.substring(ClipTextModel.CHECKPOINT_PREFIX.length()));
      assertThat(module).as(entry.getKey()).isNotNull();
      boolean adaptable =
          module instanceof Linear || (module instanceof Conv2d conv && conv.kernelSize() == 1);
      assertThat(adaptable)
          .as(entry.getKey() + " -> " + module.getClass().getSimpleName())
          .isTrue();
    }
    assertThat(checked).isEqualTo(264);
  }

  @Test
  void anAdapterAddsItsDeltaToTheLayerOutput() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Linear linear = new Linear(2, 2, false);
      linear
          .weightsByPath()
          .get("weight")
          .set(manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)));
      NDArray x = manager.create(new float[] {3, 4}, new Shape(1, 2));

      linear.setAdapter(input -> input.mul(10));

      assertThat(linear.forward(x).toFloatArray()).containsExactly(33, 44);
    }
  }
}
