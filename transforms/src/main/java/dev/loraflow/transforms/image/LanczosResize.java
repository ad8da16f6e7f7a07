package dev.loraflow.transforms.image;

/**
 * Enlarges an image with Pillow's {@code Image.resize(..., LANCZOS)} for 8-bit RGB images: the
 * filter kohya's WD14 script uses when the padded square is smaller than the model's input size.
 *
 * <p>As Pillow does: a separable Lanczos-3 kernel ({@code sinc(x) * sinc(x / 3)}), coefficients
 * normalised per output pixel in double and then turned into 22-bit fixed point, a horizontal pass
 * over the needed rows into an 8-bit image, then a vertical pass; each pass rounds and clips to
 * 0..255. That is what makes the output bytes equal Pillow's.
 */
final class LanczosResize {

  private static final double SUPPORT = 3.0;
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private LanczosResize() {}

  /** Resizes {@code image} to {@code width x height}. */
  static ByteImage resize(ByteImage image, int width, int height) {
    Coefficients horizontal = Coefficients.of(image.width(), width);
    Coefficients vertical = Coefficients.of(image.height(), height);
    // Pillow's horizontal pass only covers the source rows the vertical pass reads.
    int firstRow = vertical.start[0];
    int lastRow = vertical.start[height - 1] + vertical.length[height - 1];
    ByteImage rows = horizontalPass(image, horizontal, firstRow, lastRow);
    return verticalPass(rows, vertical, firstRow);
  }

  private static ByteImage horizontalPass(
      ByteImage image, Coefficients k, int firstRow, int lastRow) {
    int width = k.start.length;
    int height = lastRow - firstRow;
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.length[x]; i++) {
            sum += image.sample(k.start[x] + i, firstRow + y, c) * k.fixed[x][i];
          }
          out[(y * width + x) * 3 + c] = clip8(sum);
        }
      }
    }
    return new ByteImage(width, height, out);
  }

  private static ByteImage verticalPass(ByteImage rows, Coefficients k, int firstRow) {
    int width = rows.width();
    int height = k.start.length;
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      int start = k.start[y] - firstRow;
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.length[y]; i++) {
            sum += rows.sample(x, start + i, c) * k.fixed[y][i];
          }
          out[(y * width + x) * 3 + c] = clip8(sum);
        }
      }
    }
    return new ByteImage(width, height, out);
  }

  private static byte clip8(int fixedPoint) {
    if (fixedPoint >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (fixedPoint <= 0) {
      return 0;
    }
    return (byte) (fixedPoint >> PRECISION_BITS);
  }

  private static double lanczos(double x) {
    return -SUPPORT <= x && x < SUPPORT ? sinc(x) * sinc(x / SUPPORT) : 0.0;
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    double px = x * Math.PI;
    return Math.sin(px) / px;
  }

  /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for one axis. */
  private static final class Coefficients {
    final int[] start;
    final int[] length;
    final int[][] fixed;

    private Coefficients(int size) {
      start = new int[size];
      length = new int[size];
      fixed = new int[size][];
    }

    static Coefficients of(int sourceSize, int targetSize) {
      Coefficients k = new Coefficients(targetSize);
      double scale = (double) sourceSize / targetSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      double inverseScale = 1.0 / filterScale;
      for (int d = 0; d < targetSize; d++) {
        double center = (d + 0.5) * scale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), sourceSize) - min;
        double[] weights = new double[max];
        double total = 0.0;
        for (int i = 0; i < max; i++) {
          weights[i] = lanczos((i + min - center + 0.5) * inverseScale);
          total += weights[i];
        }
        int[] fixed = new int[max];
        for (int i = 0; i < max; i++) {
          double w = total != 0.0 ? weights[i] / total : weights[i];
          double scaled = w * (1 << PRECISION_BITS);
          fixed[i] = (int) (w < 0 ? -0.5 + scaled : 0.5 + scaled);
        }
        k.start[d] = min;
        k.length[d] = max;
        k.fixed[d] = fixed;
      }
      return k;
    }
  }
}
