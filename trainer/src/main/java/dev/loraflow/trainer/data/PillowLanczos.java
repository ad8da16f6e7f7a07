package dev.loraflow.trainer.data;

/**
 * Pillow's {@code Image.resize(size, LANCZOS)} of an 8-bit RGB image, bit for bit, which kohya's
 * {@code resize_image} uses to enlarge: Lanczos-3 weights (support widened by the scale on a
 * shrinking axis) in 22-bit fixed point, and the horizontal pass first, into an 8-bit image. That
 * intermediate rounding and clipping matters: at a sharp edge the filter overshoots, and a float
 * intermediate gives values up to 17 steps away from what kohya trains on.
 */
final class PillowLanczos {
  /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 - 8 - 2. */
  private static final int PRECISION_BITS = 22;

  private PillowLanczos() {}

  /**
   * The {@code w x h} window at {@code (left, top)} of {@code image} resized to {@code resizedW x
   * resizedH}, packed {@code 0xRRGGBB}; only the input rows and columns the window needs are read.
   */
  static int[] resizeWindow(
      RgbImage image, int resizedW, int resizedH, int left, int top, int w, int h) {
    Coefficients horizontal = Coefficients.of(image.width(), resizedW);
    Coefficients vertical = Coefficients.of(image.height(), resizedH);
    int firstRow = vertical.first[top];
    int lastRow = firstRow;
    for (int y = top; y < top + h; y++) {
      lastRow = Math.max(lastRow, vertical.first[y] + vertical.weights[y].length);
    }

    int rows = lastRow - firstRow;
    int[] pixels = image.pixels();
    int[] rowPass = new int[rows * w];
    for (int y = 0; y < rows; y++) {
      int inRow = (firstRow + y) * image.width();
      for (int x = 0; x < w; x++) {
        int from = horizontal.first[left + x];
        int[] weights = horizontal.weights[left + x];
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          long sum = 1L << (PRECISION_BITS - 1);
          for (int k = 0; k < weights.length; k++) {
            sum += (long) weights[k] * ((pixels[inRow + from + k] >> shift) & 0xff);
          }
          rgb |= clip8(sum) << shift;
        }
        rowPass[y * w + x] = rgb;
      }
    }

    int[] window = new int[w * h];
    for (int y = 0; y < h; y++) {
      int from = vertical.first[top + y] - firstRow;
      int[] weights = vertical.weights[top + y];
      for (int x = 0; x < w; x++) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          long sum = 1L << (PRECISION_BITS - 1);
          for (int k = 0; k < weights.length; k++) {
            sum += (long) weights[k] * ((rowPass[(from + k) * w + x] >> shift) & 0xff);
          }
          rgb |= clip8(sum) << shift;
        }
        window[y * w + x] = rgb;
      }
    }
    return window;
  }

  private static int clip8(long sum) {
    return (int) Math.max(0, Math.min(255, sum >> PRECISION_BITS));
  }

  /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for one axis. */
  private record Coefficients(int[] first, int[][] weights) {
    static Coefficients of(int in, int out) {
      double scale = (double) in / out;
      double filterScale = Math.max(scale, 1);
      double support = 3 * filterScale;
      int[] first = new int[out];
      int[][] weights = new int[out][];
      for (int i = 0; i < out; i++) {
        double center = (i + 0.5) * scale;
        // C's (int) truncates toward zero; a negative start is clamped to 0 either way.
        int from = Math.max(0, (int) (center - support + 0.5));
        int to = Math.min(in, (int) (center + support + 0.5));
        double[] w = new double[Math.max(0, to - from)];
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
          w[j] = lanczos((j + from - center + 0.5) / filterScale);
          sum += w[j];
        }
        int[] fixed = new int[w.length];
        for (int j = 0; j < w.length; j++) {
          double normalized = sum == 0 ? w[j] : w[j] / sum;
          fixed[j] =
              (int)
                  (normalized < 0
                      ? -0.5 + normalized * (1 << PRECISION_BITS)
                      : 0.5 + normalized * (1 << PRECISION_BITS));
        }
        first[i] = from;
        weights[i] = fixed;
      }
      return new Coefficients(first, weights);
    }

    /** Pillow's {@code lanczos_filter}: sinc(x) sinc(x / 3) on [-3, 3). */
    private static double lanczos(double x) {
      return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0;
    }

    private static double sinc(double x) {
      if (x == 0) {
        return 1;
      }
      double px = Math.PI * x;
      return Math.sin(px) / px;
    }
  }
}
