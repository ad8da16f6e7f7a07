package dev.loraflow.transforms.image;

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
  static ByteImage shrink(ByteImage image, int width, int height) {
    return shrink(PaddedImage.unpadded(image), width, height);
  }

  /**
   * Resizes the canvas of {@code image} to {@code width x height}, which must not be larger than
   * it: the bytes of padding the image and shrinking the result, with less work.
   */
  static ByteImage shrink(PaddedImage image, int width, int height) {
    if (width > image.width() || height > image.height()) {
      throw new IllegalArgumentException(
          "Area averaging only shrinks: "
              + image.width()
              + "x"
              + image.height()
              + " -> "
              + width
              + "x"
              + height);
    }
    if (width == image.width() && height == image.height()) {
      return image.toImage();
    }
    double scaleX = 1.0 / ((double) width / image.width());
    double scaleY = 1.0 / ((double) height / image.height());
    int intScaleX = (int) Math.rint(scaleX);
    int intScaleY = (int) Math.rint(scaleY);
    boolean integerScale =
        Math.abs(scaleX - intScaleX) < Math.ulp(1.0)
            && Math.abs(scaleY - intScaleY) < Math.ulp(1.0);
    return integerScale
        ? averageBlocks(image, width, height, intScaleX, intScaleY)
        : weightedArea(image, width, height, scaleX, scaleY);
  }

  private static ByteImage averageBlocks(
      PaddedImage image, int width, int height, int scaleX, int scaleY) {
    int rowLength = width * 3;
    byte[] out = new byte[height * rowLength];
    boolean halving = scaleX == 2 && scaleY == 2;
    float inverseArea = 1f / (scaleX * scaleY);
    byte[] pixels = image.newRowBuffer();
    int[] sums = new int[rowLength];
    for (int y = 0; y < height; y++) {
      Arrays.fill(sums, 0);
      for (int sy = 0; sy < scaleY; sy++) {
        image.copyRow(y * scaleY + sy, pixels);
        int s = 0;
        for (int d = 0; d < rowLength; d += 3) {
          for (int sx = 0; sx < scaleX; sx++, s += 3) {
            sums[d] += pixels[s] & 0xFF;
            sums[d + 1] += pixels[s + 1] & 0xFF;
            sums[d + 2] += pixels[s + 2] & 0xFF;
          }
        }
      }
      for (int i = 0; i < rowLength; i++) {
        int value = halving ? (sums[i] + 2) >> 2 : roundHalfEven(sums[i] * inverseArea);
        out[y * rowLength + i] = (byte) value;
      }
    }
    return new ByteImage(width, height, out);
  }

  private static ByteImage weightedArea(
      PaddedImage image, int width, int height, double scaleX, double scaleY) {
    Weights xs = Weights.of(image.width(), width, scaleX);
    Weights ys = Weights.of(image.height(), height, scaleY);
    // Output columns outside [from, to) read padding alone: their sums are a white row's.
    int from = xs.firstEntryReading(image.left());
    int to = xs.endOfEntriesReading(image.contentRight() - 1);
    boolean paddedAcross = from > 0 || to < xs.count;
    int rowLength = width * 3;
    byte[] out = new byte[height * rowLength];
    byte[] pixels = image.newRowBuffer();
    float[] whiteSums = null;
    float[] contentSums = new float[rowLength];
    float[] sum = new float[rowLength];
    int previousY = ys.target[0];
    for (int j = 0; j < ys.count; j++) {
      float beta = ys.weight[j];
      int dy = ys.target[j];
      boolean white = image.isWhiteRow(ys.source[j]);
      if ((white || paddedAcross) && whiteSums == null) {
        whiteSums = whiteSums(image, xs, rowLength);
        // Columns outside [from, to) are never summed again: they keep the white row's sums.
        System.arraycopy(whiteSums, 0, contentSums, 0, rowLength);
      }
      float[] row;
      if (white) {
        row = whiteSums;
      } else {
        image.copyRow(ys.source[j], pixels);
        sumColumns(pixels, xs, from, to, contentSums);
        row = contentSums;
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
    return new ByteImage(width, height, out);
  }

  private static float[] whiteSums(PaddedImage image, Weights xs, int rowLength) {
    float[] sums = new float[rowLength];
    sumColumns(image.newRowBuffer(), xs, 0, xs.count, sums);
    return sums;
  }

  /**
   * One source row weighted into the output columns of entries {@code from} to {@code to}, in
   * OpenCV's order of float operations; the other columns of {@code row} are left as they are. Each
   * column is summed in locals and stored once: the same additions, without a store and reload
   * between them.
   */
  private static void sumColumns(byte[] pixels, Weights xs, int from, int to, float[] row) {
    int[] source = xs.source;
    int[] target = xs.target;
    float[] weight = xs.weight;
    int k = from;
    while (k < to) {
      int d = target[k];
      float c0 = 0f;
      float c1 = 0f;
      float c2 = 0f;
      do {
        int s = source[k] * 3;
        float alpha = weight[k];
        c0 = c0 + (pixels[s] & 0xFF) * alpha;
        c1 = c1 + (pixels[s + 1] & 0xFF) * alpha;
        c2 = c2 + (pixels[s + 2] & 0xFF) * alpha;
        k++;
      } while (k < to && target[k] == d);
      row[d * 3] = c0;
      row[d * 3 + 1] = c1;
      row[d * 3 + 2] = c2;
    }
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

    /** The first entry of the first output pixel that reads source pixel {@code s} or later. */
    int firstEntryReading(int s) {
      int k = 0;
      while (source[k] < s) {
        k++;
      }
      while (k > 0 && target[k - 1] == target[k]) {
        k--;
      }
      return k;
    }

    /** One past the last entry of the last output pixel that reads source pixel {@code s}. */
    int endOfEntriesReading(int s) {
      int k = count - 1;
      while (source[k] > s) {
        k--;
      }
      while (k + 1 < count && target[k + 1] == target[k]) {
        k++;
      }
      return k + 1;
    }

    private void add(int s, int d, float alpha) {
      source[count] = s;
      target[count] = d;
      weight[count] = alpha;
      count++;
    }
  }
}
