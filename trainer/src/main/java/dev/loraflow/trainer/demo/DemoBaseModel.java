package dev.loraflow.trainer.demo;

import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.VaeConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny model with SD 1.x's layout and random weights, for the demo and for trying the trainer
 * where no real checkpoint can be downloaded. It trains and saves LoRAs exactly as SD 1.5 does, in
 * seconds, but its images are noise: it is not a model to use.
 */
public final class DemoBaseModel {

  public static final String FILE_NAME = "loraflow-demo-model-random-weights.safetensors";

  /** Resolution the demo trains at: the VAE's factor of 8 gives 16 x 16 latents. */
  public static final int RESOLUTION = 128;

  private DemoBaseModel() {}

  public static UNetConfig unetConfig() {
    return new UNetConfig(4, 4, 32, List.of(1, 2), 1, List.of(true, false), 8, 32, 1, 32);
  }

  /** CLIP's real vocabulary (so the bundled tokenizer fits), at a width of 32 and two layers. */
  public static ClipTextConfig clipConfig() {
    return new ClipTextConfig(49408, 32, 77, 2, 1, 64);
  }

  /** Four levels like SD's VAE (a factor of 8), 32 channels each. */
  public static VaeConfig vaeConfig() {
    return new VaeConfig(3, 3, 32, List.of(1, 1, 1, 1), 1, 4, 4, 32);
  }

  /**
   * Writes the model to {@code folder} unless it is already there; returns its path. The weights
   * follow from {@code seed} alone.
   */
  public static Path writeTo(Path folder, long seed) throws IOException {
    Path file = folder.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(folder);
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryTensors store =
        new InMemoryTensors(
            Map.of(
                "loraflow_note",
                "demo model with random weights: SD 1.x layout, not a usable image model"));
    addRandom(store, UNetModel.CHECKPOINT_PREFIX, new UNetModel(unetConfig()), random);
    addRandom(store, ClipTextModel.CHECKPOINT_PREFIX, new ClipTextModel(clipConfig()), random);
    store.put(positionIds());
    addRandom(store, AutoencoderKL.CHECKPOINT_PREFIX, new AutoencoderKL(vaeConfig()), random);
    SafetensorsWriter.write(file, store, store.metadata());
    return file;
  }

  /**
   * Norm scales 1 and biases 0; every other weight uniform in ±1/sqrt(fan_in), which keeps
   * activations at a sane size through the network (PyTorch's default init has the same bound).
   */
  private static void addRandom(
      InMemoryTensors store, String prefix, Module model, SplittableRandom random) {
    for (Map.Entry<String, Weight> entry : model.weightsByPath().entrySet()) {
      String name = prefix + entry.getKey();
      long[] shape = entry.getValue().shape().getShape();
      float[] values = new float[Math.toIntExact(count(shape))];
      if (shape.length == 1 && name.endsWith(".weight")) { // a norm's scale
        java.util.Arrays.fill(values, 1f);
      } else if (!name.endsWith(".bias")) {
        double bound = 1 / Math.sqrt(count(shape) / shape[0]);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
      }
      store.put(TensorData.ofFloats(name, shape, values));
    }
  }

  private static TensorData positionIds() {
    String name = ClipTextModel.CHECKPOINT_PREFIX + "text_model.embeddings.position_ids";
    ByteBuffer bytes = ByteBuffer.allocate(77 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < 77; i++) {
      bytes.putLong(i);
    }
    return new TensorData(new TensorInfo(name, Dtype.I64, new long[] {1, 77}), bytes.flip());
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
