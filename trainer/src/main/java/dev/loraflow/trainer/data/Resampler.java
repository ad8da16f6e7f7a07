package dev.loraflow.trainer.data;

/**
 * Area averaging of one axis, which kohya's {@code resize_image} uses when an image shrinks on both
 * axes: the weights are the overlaps of each output pixel's footprint with the input pixels, as
 * OpenCV's INTER_AREA ({@link PillowLanczos} enlarges).
 */
final class Resampler {

  /** For output pixel {@code i}: input pixels {@code first[i] .. first[i] + weights[i].length}. */
  final int[] first;

  final float[][] weights;

  private Resampler(int[] first, float[][] weights) {
    this.first = first;
    this.weights = weights;
  }

  static Resampler area(int in, int out) {
    double scale = (double) in / out;
    int[] first = new int[out];
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double start = i * scale;
      double end = Math.min(in, (i + 1) * scale);
      int from = (int) Math.floor(start);
      int to = Math.min(in, (int) Math.ceil(end));
      float[] w = new float[to - from];
      for (int j = from; j < to; j++) {
        w[j - from] = (float) ((Math.min(end, j + 1) - Math.max(start, j)) / (end - start));
      }
      first[i] = from;
      weights[i] = w;
    }
    return new Resampler(first, weights);
  }
}
