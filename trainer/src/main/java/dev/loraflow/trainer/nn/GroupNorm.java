package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Group normalization over NCHW (DJL has none): channels split in groups, each normalized by its
 * own mean and biased variance, then scaled and shifted per channel.
 */
public final class GroupNorm extends Module {

  private final int groups;
  private final float eps;
  private final Weight weight;
  private final Weight bias;

  public GroupNorm(int groups, long channels, float eps) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException(
          channels + " channels do not split into " + groups + " groups");
    }
    this.groups = groups;
    this.eps = eps;
    this.weight = weight("weight", channels);
    this.bias = weight("bias", channels);
  }

  public NDArray forward(NDArray x) {
    Shape shape = x.getShape();
    long channels = shape.get(1);
    NDArray grouped = x.reshape(shape.get(0), groups, -1);
    NDArray mean = grouped.mean(new int[] {2}, true);
    NDArray centered = grouped.sub(mean);
    NDArray variance = centered.square().mean(new int[] {2}, true);
    NDArray normalized = centered.div(variance.add(eps).sqrt()).reshape(shape);
    long[] perChannel = new long[shape.dimension()];
    java.util.Arrays.fill(perChannel, 1);
    perChannel[1] = channels;
    return normalized.mul(weight.array().reshape(perChannel)).add(bias.array().reshape(perChannel));
  }
}
