package dev.loraflow.trainer.data;

/** Encodes a prepared image into latents: the trainer passes the VAE encoder. */
@FunctionalInterface
public interface LatentEncoder {

  /**
   * @param chwImage {@code [3, height, width]} in {@code [-1, 1]}, as {@link PreparedImage#chw()}
   * @return the latents, e.g. {@code [4, height / 8, width / 8]} flattened row-major
   */
  float[] encode(float[] chwImage, int height, int width);
}
