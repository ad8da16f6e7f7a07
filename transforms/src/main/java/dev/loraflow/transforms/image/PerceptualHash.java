package dev.loraflow.transforms.image;

import java.util.Arrays;

/**
 * A DCT perceptual hash that survives what happens to a picture on its way through boorus and
 * re-uploads: resizing, JPEG recompression, a slight crop, a colour adjustment.
 *
 * <p>The picture is averaged down to a grid of at most {@value #GRID}² cells and split into the
 * luma and two chroma planes (JPEG's YCbCr), so that two colourings of one line art stay apart.
 * Each of {@value #WINDOWS} windows of that grid (the whole picture, and nine that leave out about
 * 5% on one side, two sides at a corner, or all four) is averaged down to 32×32; its 8×8 lowest DCT
 * frequencies but the mean give 63 bits, each set where the coefficient is above their median. A
 * plane without detail (the chroma of a grey drawing) gives no bits, so that noise does not decide.
 * {@link #distance} compares one picture's whole window with each window of the other, so a copy
 * cropped by a few percent still matches one of them.
 */
final class PerceptualHash {

  /** The cells of the grid the picture is averaged to before its windows are cut. */
  static final int GRID = 320;

  /** The whole picture and nine crops of it. */
  static final int WINDOWS = 10;

  /** Y, Cb and Cr. */
  static final int PLANES = 3;

  /** The most bits two hashes can differ by: 63 a plane. */
  static final int MAX_DISTANCE = PLANES * 63;

  private static final int SIDE = 32;
  private static final int FREQUENCIES = 8;

  /**
   * Below this, a plane's largest coefficient is noise: a pattern of about a fifth of one level (a
   * coefficient is some 22 times the amplitude of its pattern over a 32×32 window).
   */
  private static final double FLAT = 4.0;

  /** The fraction each crop leaves out on the sides it trims. */
  private static final double TRIM = 0.05;

  // Left, top, right, bottom trims of each window, in units of TRIM.
  private static final int[][] CROPS = {
    {0, 0, 0, 0},
    {1, 0, 0, 0},
    {0, 0, 1, 0},
    {0, 1, 0, 0},
    {0, 0, 0, 1},
    {1, 1, 0, 0},
    {0, 1, 1, 0},
    {1, 0, 0, 1},
    {0, 0, 1, 1},
    {1, 1, 1, 1}
  };

  private static final double[][] COSINES = cosines();

  /** The bits of a plane without detail; any other plane has about half its bits set. */
  private static final long FLAT_PLANE = 0;

  private PerceptualHash() {}

  /**
   * The hash of {@code image}, its samples in BGR order: {@value #WINDOWS} × {@value #PLANES}
   * longs, window by window, Y, Cb, Cr.
   */
  static long[] of(ByteImage image) {
    float[][] planes = averagedPlanes(image);
    int width = Math.min(GRID, image.width());
    int height = Math.min(GRID, image.height());
    long[] hash = new long[WINDOWS * PLANES];
    for (int w = 0; w < WINDOWS; w++) {
      int[] crop = CROPS[w];
      int left = (int) Math.round(crop[0] * TRIM * width);
      int top = (int) Math.round(crop[1] * TRIM * height);
      int right = width - (int) Math.round(crop[2] * TRIM * width);
      int bottom = height - (int) Math.round(crop[3] * TRIM * height);
      for (int p = 0; p < PLANES; p++) {
        float[] window = averaged(planes[p], width, left, top, right, bottom);
        hash[w * PLANES + p] = bits(lowFrequencies(window));
      }
    }
    return hash;
  }

  /**
   * How many bits apart two pictures are, 0 to {@value #MAX_DISTANCE}: the least, over the windows
   * of one, of the bits by which it differs from the other's whole picture (either way round),
   * summed over the three planes.
   */
  static int distance(long[] a, long[] b) {
    int best = Integer.MAX_VALUE;
    for (int w = 0; w < WINDOWS; w++) {
      best = Math.min(best, Math.min(windowDistance(a, 0, b, w), windowDistance(a, w, b, 0)));
    }
    return best;
  }

  /**
   * The bits by which two windows differ, over the planes that have detail in either; scaled to all
   * three planes, so that two grey pictures (luma only) are as far apart as colour ones.
   */
  private static int windowDistance(long[] a, int windowA, long[] b, int windowB) {
    int bits = 0;
    int planes = 0;
    for (int p = 0; p < PLANES; p++) {
      long x = a[windowA * PLANES + p];
      long y = b[windowB * PLANES + p];
      if (x != FLAT_PLANE || y != FLAT_PLANE) {
        bits += Long.bitCount(x ^ y);
        planes++;
      }
    }
    return planes == 0 ? 0 : Math.round((float) bits * PLANES / planes);
  }

  /** The picture's Y, Cb and Cr averaged over a grid of at most GRID × GRID cells. */
  private static float[][] averagedPlanes(ByteImage image) {
    int width = Math.min(GRID, image.width());
    int height = Math.min(GRID, image.height());
    float[][] sums = new float[PLANES][width * height];
    int[] counts = new int[width * height];
    byte[] samples = image.samples();
    for (int y = 0; y < image.height(); y++) {
      int row = (int) ((long) y * height / image.height()) * width;
      for (int x = 0; x < image.width(); x++) {
        int cell = row + (int) ((long) x * width / image.width());
        int i = (y * image.width() + x) * 3;
        int blue = samples[i] & 0xFF;
        int green = samples[i + 1] & 0xFF;
        int red = samples[i + 2] & 0xFF;
        sums[0][cell] += 0.299f * red + 0.587f * green + 0.114f * blue;
        sums[1][cell] += -0.168736f * red - 0.331264f * green + 0.5f * blue;
        sums[2][cell] += 0.5f * red - 0.418688f * green - 0.081312f * blue;
        counts[cell]++;
      }
    }
    for (float[] plane : sums) {
      for (int cell = 0; cell < plane.length; cell++) {
        plane[cell] /= counts[cell];
      }
    }
    return sums;
  }

  /** The window [left, right) × [top, bottom) of a plane, averaged down to SIDE × SIDE. */
  private static float[] averaged(
      float[] plane, int width, int left, int top, int right, int bottom) {
    float[] sums = new float[SIDE * SIDE];
    int[] counts = new int[SIDE * SIDE];
    int windowWidth = right - left;
    int windowHeight = bottom - top;
    for (int y = top; y < bottom; y++) {
      int row = (y - top) * SIDE / windowHeight * SIDE;
      for (int x = left; x < right; x++) {
        int cell = row + (x - left) * SIDE / windowWidth;
        sums[cell] += plane[y * width + x];
        counts[cell]++;
      }
    }
    // A picture narrower than SIDE leaves cells empty; they take their left or upper neighbour.
    for (int cell = 0; cell < sums.length; cell++) {
      if (counts[cell] > 0) {
        sums[cell] /= counts[cell];
      } else {
        sums[cell] = cell % SIDE > 0 ? sums[cell - 1] : sums[cell - SIDE];
      }
    }
    return sums;
  }

  /** The FREQUENCIES × FREQUENCIES lowest coefficients of the window's 2-D DCT-II. */
  private static double[] lowFrequencies(float[] window) {
    double[] rows = new double[SIDE * FREQUENCIES];
    for (int y = 0; y < SIDE; y++) {
      for (int u = 0; u < FREQUENCIES; u++) {
        double sum = 0;
        for (int x = 0; x < SIDE; x++) {
          sum += window[y * SIDE + x] * COSINES[u][x];
        }
        rows[y * FREQUENCIES + u] = sum;
      }
    }
    double[] coefficients = new double[FREQUENCIES * FREQUENCIES];
    for (int v = 0; v < FREQUENCIES; v++) {
      for (int u = 0; u < FREQUENCIES; u++) {
        double sum = 0;
        for (int y = 0; y < SIDE; y++) {
          sum += rows[y * FREQUENCIES + u] * COSINES[v][y];
        }
        coefficients[v * FREQUENCIES + u] = sum;
      }
    }
    return coefficients;
  }

  /** One bit for each coefficient but the mean, set where it is above their median. */
  private static long bits(double[] coefficients) {
    double[] ac = Arrays.copyOfRange(coefficients, 1, coefficients.length);
    double largest = 0;
    for (double c : ac) {
      largest = Math.max(largest, Math.abs(c));
    }
    if (largest < FLAT) {
      return FLAT_PLANE;
    }
    double[] sorted = ac.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    long bits = 0;
    for (int i = 0; i < ac.length; i++) {
      if (ac[i] > median) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  /** The orthonormal DCT-II basis for SIDE samples, of the lowest FREQUENCIES. */
  private static double[][] cosines() {
    double[][] table = new double[FREQUENCIES][SIDE];
    for (int u = 0; u < FREQUENCIES; u++) {
      double scale = Math.sqrt((u == 0 ? 1.0 : 2.0) / SIDE);
      for (int x = 0; x < SIDE; x++) {
        table[u][x] = scale * Math.cos(Math.PI * (2 * x + 1) * u / (2.0 * SIDE));
      }
    }
    return table;
  }
}
