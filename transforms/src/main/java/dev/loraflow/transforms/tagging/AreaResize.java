package dev.loraflow.transforms.tagging;

import java.util.Arrays;

/**
 * Shrinks an image by area averaging, as OpenCV's {@code cv2.resize(..., INTER_AREA)} does for
 * 8-bit, 3-channel images: the filter kohya's WD14 script uses whenever the padded square is at
 * least the model's input size.
 *
 * <p>OpenCV has two code paths and both are reproduced, because their rounding differs: for an
 * integer scale it averages whole blocks ({@code (sum + 2) >> 2} for a scale of 2, otherwise {@code
 * sum * (1f / area)} rounded half to even); for any other scale each output pixel is a float
 * weighted sum of the source pixels it covers, partially covered ones weighted by their share,
 * rounded half to even. Float operations are done in OpenCV's order so the bytes match.
 */
final class AreaResize {

  private AreaResize() {}

  /** Resizes {@code image} to {@code width x height}, which must not be larger than it. */
  static RgbImage shrink(RgbImage image, int width, int height) {
    if (width > image.width() || height > image.height()) {
      throw new IllegalArgumentException(
          "Area averaging only shrinks: " + image.width() + "x" + image.height() + " -> " + width
              + "x" + height);
    }
    if (width == image.width() && height == image.height()) {
      return image;
    }
    double scaleX = 1.0 / ((double) width / image.width());
    double scaleY = 1.0 / ((double) height / image.height());
    int intScaleX = (int) Math.rint(scaleX);
    int intScaleY = (int) Math.rint(scaleY);
    boolean integerScale =
        Math.abs(scaleX - intScaleX) < Math.ulp(1.0) && Math.abs(scaleY - intScaleY) < Math.ulp(1.0);
    return integerScale
        ? averageBlocks(image, width, height, intScaleX, intScaleY)
        : weightedArea(image, width, height, scaleX, scaleY);
  }

  private static RgbImage averageBlocks(
      RgbImage image, int width, int height, int scaleX, int scaleY) {
    byte[] out = new byte[width * height * 3];
    boolean halving = scaleX == 2 && scaleY == 2;
    float inverseArea = 1f / (scaleX * scaleY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int sy = 0; sy < scaleY; sy++) {
            for (int sx = 0; sx < scaleX; sx++) {
              sum += image.sample(x * scaleX + sx, y * scaleY + sy, c);
            }
          }
          int value = halving ? (sum + 2) >> 2 : roundHalfEven(sum * inverseArea);
          out[(y * width + x) * 3 + c] = (byte) value;
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  private static RgbImage weightedArea(
      RgbImage image, int width, int height, double scaleX, double scaleY) {
    Weights xs = Weights.of(image.width(), width, scaleX);
    Weights ys = Weights.of(image.height(), height, scaleY);
    int rowLength = width * 3;
    byte[] out = new byte[height * rowLength];
    float[] row = new float[rowLength];
    float[] sum = new float[rowLength];
    float[] whiteRow = null;
    byte[] src = image.samples();
    int previousY = ys.target[0];
    for (int j = 0; j < ys.count; j++) {
      float beta = ys.weight[j];
      int dy = ys.target[j];
      int srcRow = ys.source[j] * image.width() * 3;
      boolean white = isWhite(src, srcRow, image.width() * 3);
      if (white && whiteRow != null) {
        // Padding rows are all white and give the same sums: computed once, not per row.
        System.arraycopy(whiteRow, 0, row, 0, rowLength);
      } else {
        sumRow(src, srcRow, xs, row);
        if (white) {
          whiteRow = row.clone();
        }
      }
      if (dy != previousY) {
        writeRow(sum, out, previousY * rowLength);
        for (int i = 0; i < rowLength; i++) {
          sum[i] = beta * row[i];
        }
        previousY = dy;
      } else {
        for (int i = 0; i < rowLength; i++) {
          sum[i] += beta * row[i];
        }
      }
    }
    writeRow(sum, out, previousY * rowLength);
    return new RgbImage(width, height, out);
  }

  /** One source row weighted into output columns, in OpenCV's order of float operations. */
  private static void sumRow(byte[] src, int srcRow, Weights xs, float[] row) {
    Arrays.fill(row, 0f);
    for (int k = 0; k < xs.count; k++) {
      int s = srcRow + xs.source[k] * 3;
      int d = xs.target[k] * 3;
      float alpha = xs.weight[k];
      row[d] = row[d] + (src[s] & 0xFF) * alpha;
      row[d + 1] = row[d + 1] + (src[s + 1] & 0xFF) * alpha;
      row[d + 2] = row[d + 2] + (src[s + 2] & 0xFF) * alpha;
    }
  }

  private static boolean isWhite(byte[] src, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (src[i] != (byte) 255) {
        return false;
      }
    }
    return true;
  }

  private static void writeRow(float[] sum, byte[] out, int offset) {
    for (int i = 0; i < sum.length; i++) {
      out[offset + i] = (byte) roundHalfEven(sum[i]);
    }
  }

  /** OpenCV's {@code saturate_cast<uchar>(float)}: round half to even, clamp to 0..255. */
  private static int roundHalfEven(float value) {
    return Math.max(0, Math.min(255, (int) Math.rint(value)));
  }

  /** Which source pixel adds to which output pixel with which weight, along one axis. */
  private static final class Weights {
    final int[] source;
    final int[] target;
    final float[] weight;
    int count;

    private Weights(int capacity) {
      source = new int[capacity];
      target = new int[capacity];
      weight = new float[capacity];
    }

    /** OpenCV's {@code computeResizeAreaTab}, in the same double arithmetic. */
    static Weights of(int sourceSize, int targetSize, double scale) {
      Weights w = new Weights(sourceSize * 2);
      for (int d = 0; d < targetSize; d++) {
        double start = d * scale;
        double end = start + scale;
        double cell = Math.min(scale, sourceSize - start);
        int first = (int) Math.ceil(start);
        int last = Math.min((int) Math.floor(end), sourceSize - 1);
        first = Math.min(first, last);
        if (first - start > 1e-3) {
          w.add(first - 1, d, (float) ((first - start) / cell));
        }
        for (int s = first; s < last; s++) {
          w.add(s, d, (float) (1.0 / cell));
        }
        if (end - last > 1e-3) {
          w.add(last, d, (float) (Math.min(Math.min(end - last, 1.0), cell) / cell));
        }
      }
      return w;
    }

    private void add(int s, int d, float alpha) {
      source[count] = s;
      target[count] = d;
      weight[count] = alpha;
      count++;
    }
  }
}
