package dev.loraflow.trainer.data;

/**
 * Separable resampling of one axis, as kohya's {@code resize_image} chooses: area averaging (the
 * weights are the overlaps of each output pixel's footprint with the input pixels, as OpenCV's
 * INTER_AREA) when the image shrinks on both axes, Lanczos-3 (PIL's LANCZOS: support widened by the
 * scale on a shrinking axis) otherwise.
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

  static Resampler lanczos(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(scale, 1);
    double support = 3 * filterScale;
    int[] first = new int[out];
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      int from = Math.max(0, (int) Math.floor(center - support));
      int to = Math.min(in, (int) Math.ceil(center + support));
      double[] w = new double[to - from];
      double sum = 0;
      for (int j = from; j < to; j++) {
        w[j - from] = lanczos3((j + 0.5 - center) / filterScale);
        sum += w[j - from];
      }
      float[] normalized = new float[w.length];
      for (int k = 0; k < w.length; k++) {
        normalized[k] = (float) (w[k] / sum);
      }
      first[i] = from;
      weights[i] = normalized;
    }
    return new Resampler(first, weights);
  }

  private static double lanczos3(double x) {
    if (x == 0) {
      return 1;
    }
    if (Math.abs(x) >= 3) {
      return 0;
    }
    double px = Math.PI * x;
    return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
  }
}
