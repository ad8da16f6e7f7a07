package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.testing.TinySd;
import dev.loraflow.trainer.testing.TorchZipWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny SD-layout checkpoints written as .safetensors and .ckpt load alike and run alike. */
class StableDiffusionLoadTest {

  @TempDir static Path dir;
  private static InMemoryTensors tiny;

  @BeforeAll
  static void writeCheckpoints() throws Exception {
    tiny = TinySd.checkpoint();
    SafetensorsWriter.write(dir.resolve("tiny.safetensors"), tiny, Map.of());
    TorchZipWriter.write(dir.resolve("tiny.ckpt"), tiny);
    TorchZipWriter.writeLegacy(dir.resolve("tiny-legacy.ckpt"), tiny);
  }

  @Test
  void allThreeFormats_inferTheTinyConfigsAndGiveIdenticalOutputs() throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        TensorStore safetensors = Checkpoints.open(dir.resolve("tiny.safetensors"));
        TensorStore ckpt = Checkpoints.open(dir.resolve("tiny.ckpt"));
        TensorStore legacy = Checkpoints.open(dir.resolve("tiny-legacy.ckpt"))) {
      StableDiffusion a = StableDiffusion.load(safetensors, manager);
      StableDiffusion b = StableDiffusion.load(ckpt, manager);
      StableDiffusion c = StableDiffusion.load(legacy, manager);

      assertThat(a.unet().config()).isEqualTo(TinySd.unetConfig());
      assertThat(a.textEncoder().config()).isEqualTo(TinySd.clipConfig());
      assertThat(a.vae().config()).isEqualTo(TinySd.vaeConfig());
      assertThat(a.report().unexpected()).isEmpty();
      assertThat(b.report()).isEqualTo(a.report());
      assertThat(c.report()).isEqualTo(a.report());
      java.util.List<float[]> fromSafetensors = outputs(a, manager);
      java.util.List<float[]> fromCkpt = outputs(b, manager);
      java.util.List<float[]> fromLegacy = outputs(c, manager);
      for (int i = 0; i < fromSafetensors.size(); i++) {
        assertThat(java.util.Arrays.equals(fromSafetensors.get(i), fromCkpt.get(i)))
            .as("output " + i)
            .isTrue();
        assertThat(java.util.Arrays.equals(fromSafetensors.get(i), fromLegacy.get(i)))
            .as("legacy output " + i)
            .isTrue();
      }
    }
  }

  @Test
  void realWorldVariations_areTolerated() throws Exception {
    InMemoryTensors variant =
        TinySd.variant(
            tiny,
            name -> name.endsWith("position_ids"),
            TinySd.positionIds(Dtype.F32),
            TensorData.ofFloats("model_ema.decay", new long[] {}, new float[] {0.9999f}),
            TensorData.ofFloats("betas", new long[] {1000}, new float[1000]));
    InMemoryTensors withoutPositionIds =
        TinySd.variant(tiny, name -> name.endsWith("position_ids"));
    try (NDManager manager = NDManager.newBaseManager()) {
      LoadReport report = StableDiffusion.load(variant, manager).report();
      assertThat(report.ignored())
          .containsExactlyInAnyOrder(
              "cond_stage_model.transformer.text_model.embeddings.position_ids",
              "model_ema.decay",
              "betas");
      assertThat(report.unexpected()).isEmpty();
      assertThat(StableDiffusion.load(withoutPositionIds, manager).report().missing()).isEmpty();
    }
  }

  @Test
  void clipKeysWithoutTextModelLevel_areMovedUnderIt() throws Exception {
    InMemoryTensors old = new InMemoryTensors();
    for (var info : tiny.tensors()) {
      TensorData data = tiny.read(info.name());
      String name =
          info.name()
              .replace("cond_stage_model.transformer.text_model.", "cond_stage_model.transformer.");
      old.put(
          new TensorData(
              new dev.loraflow.trainer.io.TensorInfo(name, info.dtype(), info.shape()),
              data.bytes()));
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(StableDiffusion.load(old, manager).report().missing()).isEmpty();
    }
  }

  @Test
  void unknownKeysAreUnexpected_andMissingWeightsFailNamingThem() throws Exception {
    InMemoryTensors extra =
        TinySd.variant(
            tiny,
            name -> false,
            TensorData.ofFloats(
                "model.diffusion_model.extra.weight", new long[] {1}, new float[] {1}),
            TensorData.ofFloats("something_else.weight", new long[] {1}, new float[] {1}));
    InMemoryTensors missing =
        TinySd.variant(tiny, name -> name.equals("model.diffusion_model.out.2.bias"));
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(StableDiffusion.load(extra, manager).report().unexpected())
          .containsExactlyInAnyOrder("model.diffusion_model.extra.weight", "something_else.weight");
      assertThatThrownBy(() -> StableDiffusion.load(missing, manager))
          .hasMessageContaining("1 missing [model.diffusion_model.out.2.bias]");
    }
  }

  /** UNet, CLIP (skip 2) and VAE outputs on fixed inputs, as flat float arrays. */
  private static java.util.List<float[]> outputs(StableDiffusion sd, NDManager parent) {
    try (NDManager m = parent.newSubManager()) {
      NDArray latents = m.arange(0f, 256f).div(256f).reshape(new Shape(1, 4, 8, 8));
      NDArray tokens =
          m.create(ClipTokenizer.sd15().encodeForSd("a photo of a cat"), new Shape(1, 77));
      NDArray context = sd.textEncoder().forward(tokens, 2);
      NDArray eps = sd.unet().forward(latents, m.create(new long[] {500}), context);
      NDArray image = m.arange(0f, 3 * 16 * 16f).div(768f).reshape(new Shape(1, 3, 16, 16));
      NDArray encoded = sd.vae().encodeLatents(image);
      return java.util.List.of(context.toFloatArray(), eps.toFloatArray(), encoded.toFloatArray());
    }
  }
}
