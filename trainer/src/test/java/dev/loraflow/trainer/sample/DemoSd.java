package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.demo.DemoBaseModel;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.lora.LoraConfig;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** The demo model (tiny, SD 1.x layout, the VAE's factor 8) loaded for sampling tests. */
final class DemoSd implements AutoCloseable {

  final Path file;
  final NDManager manager = NDManager.newBaseManager();
  final StableDiffusion sd;

  DemoSd(Path folder) throws IOException {
    file = DemoBaseModel.writeTo(folder, 5);
    try (TensorStore store = Checkpoints.open(file)) {
      sd = StableDiffusion.load(store, manager);
    }
  }

  ImageSampler sampler(int clipSkip) {
    return new ImageSampler(
        sd.unet(),
        sd.vae(),
        new PromptEncoder(sd.textEncoder(), ClipTokenizer.sd15(), clipSkip, 75));
  }

  /** A kohya LoRA file for this model whose up weights are not zero, so it changes images. */
  Path loraFile(Path file, long seed) throws IOException {
    try (NDManager scope = manager.newSubManager()) {
      LoraNetwork network =
          LoraNetwork.create(
              sd.unet(), sd.textEncoder(), LoraConfig.defaults().withRank(4, 4), scope, seed);
      TensorStore weights = network.export(Dtype.F32);
      network.detach();
      SplittableRandom random = new SplittableRandom(seed);
      InMemoryTensors store = new InMemoryTensors();
      for (TensorInfo info : weights.tensors()) {
        float[] values = weights.read(info.name()).toFloatArray();
        if (info.name().endsWith(".lora_up.weight")) {
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() - 0.5) * 0.5f;
          }
        }
        store.put(TensorData.ofFloats(info.name(), info.shape(), values));
      }
      SafetensorsWriter.write(file, store, Map.of("ss_network_module", "networks.lora"));
      return file;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
