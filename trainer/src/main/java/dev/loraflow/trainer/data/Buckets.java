package dev.loraflow.trainer.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * kohya's aspect-ratio buckets ({@code BucketManager} and {@code make_bucket_resolutions}): which
 * bucket an image goes to and the size it is resized to before the center crop.
 */
public final class Buckets {

  private final List<Size> predefined;
  private final Set<Size> predefinedSet;
  private final long maxArea;
  private final int step;

  private Buckets(List<Size> predefined, long maxArea, int step) {
    this.predefined = List.copyOf(predefined);
    this.predefinedSet = Set.copyOf(predefined);
    this.maxArea = maxArea;
    this.step = step;
  }

  /** kohya's defaults for a square resolution: buckets from 256 to 1024 in steps of 64. */
  public static Buckets aspectRatio(int resolution) {
    return aspectRatio(resolution, resolution, 256, 1024, 64);
  }

  /**
   * Predefined buckets of about {@code width * height} pixels with sides from {@code minSize} to
   * {@code maxSize}; each image goes to the one nearest its aspect ratio. As in kohya, {@code
   * minSize} is rounded down and {@code maxSize} up to a multiple of {@code step}.
   */
  public static Buckets aspectRatio(int width, int height, int minSize, int maxSize, int step) {
    checkPositive(width, height, step, "Buckets.aspectRatio");
    int min = minSize - minSize % step;
    int max = maxSize % step == 0 ? maxSize : maxSize + step - maxSize % step;
    if (min <= 0 || Math.min(width, height) < min) {
      throw new IllegalArgumentException(
          "Buckets.aspectRatio: minSize "
              + minSize
              + " must be positive and at most the resolution's shorter side "
              + Math.min(width, height));
    }
    if (Math.max(width, height) > max) {
      throw new IllegalArgumentException(
          "Buckets.aspectRatio: maxSize "
              + maxSize
              + " must be at least the resolution's longer side "
              + Math.max(width, height));
    }
    return new Buckets(resolutions(width, height, min, max, step), (long) width * height, step);
  }

  /**
   * kohya's {@code bucket_no_upscale}: an image is never enlarged; one larger than {@code width *
   * height} pixels is shrunk to about that area, then its sides are cropped down to multiples of
   * {@code step}.
   */
  public static Buckets noUpscale(int width, int height, int step) {
    checkPositive(width, height, step, "Buckets.noUpscale");
    return new Buckets(List.of(), (long) width * height, step);
  }

  /** No bucketing: every image is resized to cover {@code width x height} and center-cropped. */
  public static Buckets fixed(int width, int height) {
    checkPositive(width, height, 1, "Buckets.fixed");
    return new Buckets(List.of(new Size(width, height)), (long) width * height, 1);
  }

  /** kohya's {@code make_bucket_resolutions}, sorted by width then height. */
  static List<Size> resolutions(int width, int height, int minSize, int maxSize, int step) {
    long area = (long) width * height;
    Set<Size> sizes = new LinkedHashSet<>();
    int square = (int) floorDiv(Math.sqrt(area), step) * step;
    sizes.add(new Size(square, square));
    for (int w = minSize; w <= maxSize; w += step) {
      int h = (int) Math.min(maxSize, area / w / step * step);
      if (h >= minSize) {
        sizes.add(new Size(w, h));
        sizes.add(new Size(h, w));
      }
    }
    List<Size> sorted = new ArrayList<>(sizes);
    sorted.sort(Comparator.comparingInt(Size::width).thenComparingInt(Size::height));
    return sorted;
  }

  /** The predefined buckets (empty in {@link #noUpscale} mode). */
  public List<Size> predefined() {
    return predefined;
  }

  /**
   * kohya's {@code select_bucket}.
   *
   * @throws IllegalArgumentException in {@link #noUpscale} mode, for an image with a side shorter
   *     than one step
   */
  public BucketFit select(int imageWidth, int imageHeight) {
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException(
          "Buckets.select: image size " + imageWidth + "x" + imageHeight + " is empty");
    }
    return predefined.isEmpty()
        ? selectNoUpscale(imageWidth, imageHeight)
        : selectPredefined(imageWidth, imageHeight);
  }

  private BucketFit selectPredefined(int width, int height) {
    double aspect = (double) width / height;
    Size bucket = new Size(width, height);
    if (!predefinedSet.contains(bucket)) {
      // The first bucket with the smallest aspect-ratio error, as numpy's argmin.
      bucket = predefined.get(0);
      double best = Double.POSITIVE_INFINITY;
      for (Size candidate : predefined) {
        double error = Math.abs((double) candidate.width() / candidate.height() - aspect);
        if (error < best) {
          best = error;
          bucket = candidate;
        }
      }
    }
    double bucketAspect = (double) bucket.width() / bucket.height();
    // Scale so the image covers the bucket: match the side that would otherwise fall short.
    double scale =
        aspect > bucketAspect ? (double) bucket.height() / height : (double) bucket.width() / width;
    Size resized = new Size((int) (width * scale + 0.5), (int) (height * scale + 0.5));
    return new BucketFit(bucket, resized);
  }

  private BucketFit selectNoUpscale(int width, int height) {
    double aspect = (double) width / height;
    Size resized = new Size(width, height);
    if ((long) width * height > maxArea) {
      double resizedWidth = Math.sqrt(maxArea * aspect);
      double resizedHeight = maxArea / resizedWidth;
      // Round the width or the height to the step, whichever keeps the aspect ratio closer.
      int widthRounded = roundToStep(resizedWidth);
      int heightForWidth = roundToStep(widthRounded / aspect);
      double aspectWidthRounded = (double) widthRounded / heightForWidth;
      int heightRounded = roundToStep(resizedHeight);
      int widthForHeight = roundToStep(heightRounded * aspect);
      double aspectHeightRounded = (double) widthForHeight / heightRounded;
      resized =
          Math.abs(aspectWidthRounded - aspect) < Math.abs(aspectHeightRounded - aspect)
              ? new Size(widthRounded, (int) (widthRounded / aspect + 0.5))
              : new Size((int) (heightRounded * aspect + 0.5), heightRounded);
    }
    Size bucket =
        new Size(
            resized.width() - resized.width() % step, resized.height() - resized.height() % step);
    if (bucket.width() == 0 || bucket.height() == 0) {
      throw new IllegalArgumentException(
          "Buckets.noUpscale: image size "
              + width
              + "x"
              + height
              + " has a side shorter than the bucket step "
              + step);
    }
    return new BucketFit(bucket, resized);
  }

  private int roundToStep(double x) {
    int rounded = (int) (x + 0.5);
    return rounded - rounded % step;
  }

  /** Python's float {@code //}, exact where {@code Math.floor(a / b)} may round up. */
  private static double floorDiv(double a, double b) {
    double div = (a - a % b) / b;
    double floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1 : floor;
  }

  private static void checkPositive(int width, int height, int step, String method) {
    if (width <= 0 || height <= 0 || step <= 0) {
      throw new IllegalArgumentException(
          method + ": resolution " + width + "x" + height + " and step " + step + " must be > 0");
    }
  }
}
