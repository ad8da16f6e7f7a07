package dev.loraflow.trainer.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.StableDiffusionLoader;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import dev.loraflow.trainer.testing.FormulaCheckpoint;
import dev.loraflow.trainer.testing.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * The sampler reference of {@code reference/sd15/sampler} (copied to the test resources): the
 * full-size formula checkpoint's UNet and VAE, and the stored inputs and outputs. Both cases share
 * the noise and contexts, stored once under {@code ddim_a_}.
 */
final class SamplerReference implements AutoCloseable {

  static final String DIR = "/sd15/sampler/";
  static final Shape LATENT = new Shape(1, 4, 8, 8);
  static final double GUIDANCE = 7.5;

  final NDManager manager = NDManager.newBaseManager();
  final UNetModel unet;
  final AutoencoderKL vae;

  SamplerReference() throws IOException {
    FormulaCheckpoint store =
        FormulaCheckpoint.sd15(
            name ->
                name.startsWith(UNetModel.CHECKPOINT_PREFIX)
                    || name.startsWith(AutoencoderKL.CHECKPOINT_PREFIX));
    unet = StableDiffusionLoader.unet(store, manager).model();
    vae = StableDiffusionLoader.vae(store, manager).model();
  }

  /** The stored contexts as one batch [uncond; cond]. */
  static NDArray contexts(NDManager scope) throws IOException {
    Shape shape = new Shape(1, 77, 768);
    return NDArrays.concat(
        new NDList(read(scope, "ddim_a_uncond", shape), read(scope, "ddim_a_cond", shape)));
  }

  static NDArray noise(NDManager scope) throws IOException {
    return read(scope, "ddim_a_x_T", LATENT);
  }

  static NDArray read(NDManager scope, String name, Shape shape) throws IOException {
    return scope.create(Npy.resource(DIR + name + ".npy").floats(), shape);
  }

  static float[] floats(String name) throws IOException {
    return Npy.resource(DIR + name + ".npy").floats();
  }

  static void assertClose(String what, NDArray actual, String reference) throws IOException {
    double error = Npy.relativeL2(actual.toFloatArray(), floats(reference));
    System.out.printf("%s relative L2 error vs reference: %.3g%n", what, error);
    assertThat(error).as(what).isLessThan(1e-4);
  }

  /** The decoded image against the stored uint8 HWC pixels: within 1 (a few sit on a .5). */
  static void assertPixels(BufferedImage image, String reference) throws IOException {
    byte[] expected = new byte[64 * 64 * 3];
    Npy.resource(DIR + reference + ".npy").data().duplicate().get(expected);
    int i = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int rgb = image.getRGB(x, y);
        int[] actual = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
        for (int c = 0; c < 3; c++) {
          assertThat(Math.abs(actual[c] - (expected[i++] & 0xFF)))
              .as("%s pixel %d,%d channel %d", reference, x, y, c)
              .isLessThanOrEqualTo(1);
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
