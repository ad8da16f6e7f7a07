package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.testing.Npy;
import dev.loraflow.trainer.testing.TinySd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weights cast to float16 give float32 outputs within half precision's error (README: ~1e-2). */
class HalfPrecisionWeightsTest {

  @Test
  void float16Weights_matchFloat32WithinHalfPrecision() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      StableDiffusion sd = StableDiffusion.load(TinySd.checkpoint(), manager);
      List<float[]> full = outputs(sd, manager);

      sd.unet().castWeights(DataType.FLOAT16);
      sd.textEncoder().castWeights(DataType.FLOAT16);
      sd.vae().castWeights(DataType.FLOAT16);
      List<float[]> half = outputs(sd, manager);

      assertThat(sd.unet().weightType()).isEqualTo(DataType.FLOAT16);
      for (int i = 0; i < full.size(); i++) {
        assertThat(Npy.relativeL2(half.get(i), full.get(i))).as("output " + i).isLessThan(1e-2);
      }
    }
  }

  private static List<float[]> outputs(StableDiffusion sd, NDManager parent) {
    try (NDManager m = parent.newSubManager()) {
      NDArray tokens =
          m.create(ClipTokenizer.sd15().encodeForSd("a photo of a cat"), new Shape(1, 77));
      NDArray context = sd.textEncoder().forward(tokens, 1);
      NDArray latents = m.arange(0f, 256f).div(256f).reshape(new Shape(1, 4, 8, 8));
      NDArray eps = sd.unet().forward(latents, m.create(new long[] {500}), context);
      NDArray image = m.arange(0f, 768f).div(768f).reshape(new Shape(1, 3, 16, 16));
      NDArray latent = sd.vae().encodeLatents(image);
      NDArray decoded = sd.vae().decode(m.arange(0f, 16f).div(16f).reshape(new Shape(1, 4, 2, 2)));
      assertThat(decoded.getDataType()).isEqualTo(DataType.FLOAT32);
      return List.of(
          context.toFloatArray(),
          eps.toFloatArray(),
          latent.toFloatArray(),
          decoded.toFloatArray());
    }
  }
}
