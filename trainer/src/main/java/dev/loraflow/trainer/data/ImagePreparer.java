package dev.loraflow.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns an image file into the VAE encoder's input as kohya does: decode (transparency onto white,
 * where kohya drops the alpha channel), resize to {@link BucketFit#resized()}, center-crop to
 * {@link BucketFit#bucket()}, optionally mirror, then {@code x / 255 * 2 - 1} per channel. Resized
 * pixels are rounded to 8 bits first, as kohya's uint8 images are.
 */
public final class ImagePreparer {

  private ImagePreparer() {}

  /**
   * @throws IOException naming the file when it does not decode
   */
  public static PreparedImage prepare(Path file, BucketFit fit, boolean flip) throws IOException {
    return prepare(ImageFiles.rgbOnWhite(file), fit, flip);
  }

  static PreparedImage prepare(RgbImage image, BucketFit fit, boolean flip) {
    int resizedW = fit.resized().width();
    int resizedH = fit.resized().height();
    int w = fit.bucket().width();
    int h = fit.bucket().height();
    if (resizedW < w || resizedH < h) {
      throw new IllegalArgumentException(
          "ImagePreparer.prepare: resized size "
              + fit.resized()
              + " is smaller than "
              + fit.bucket());
    }
    int left = (resizedW - w) / 2;
    int top = (resizedH - h) / 2;
    // kohya's resize_image: OpenCV's INTER_AREA to shrink, Pillow's LANCZOS otherwise.
    boolean shrink = image.width() >= resizedW && image.height() >= resizedH;
    int[] window =
        shrink
            ? areaWindow(image, resizedW, resizedH, left, top, w, h)
            : PillowLanczos.resizeWindow(image, resizedW, resizedH, left, top, w, h);

    float[] chw = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int outX = flip ? w - 1 - x : x;
          chw[(c * h + y) * w + outX] = toUnitRange((window[y * w + x] >> shift) & 0xff);
        }
      }
    }
    return new PreparedImage(chw, w, h);
  }

  /** The window of the area-resized image, each value rounded to 8 bits, packed 0xRRGGBB. */
  private static int[] areaWindow(
      RgbImage image, int resizedW, int resizedH, int left, int top, int w, int h) {
    Resampler horizontal = Resampler.area(image.width(), resizedW);
    Resampler vertical = Resampler.area(image.height(), resizedH);

    // Horizontal pass over the input rows the cropped output rows read.
    int firstRow = vertical.first[top];
    int lastRow = vertical.first[top + h - 1] + vertical.weights[top + h - 1].length;
    int rows = lastRow - firstRow;
    float[][] rowPass = new float[3][rows * w];
    int[] pixels = image.pixels();
    for (int y = 0; y < rows; y++) {
      int inRow = (firstRow + y) * image.width();
      for (int x = 0; x < w; x++) {
        int from = horizontal.first[left + x];
        float[] weights = horizontal.weights[left + x];
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < weights.length; k++) {
          int rgb = pixels[inRow + from + k];
          r += weights[k] * ((rgb >> 16) & 0xff);
          g += weights[k] * ((rgb >> 8) & 0xff);
          b += weights[k] * (rgb & 0xff);
        }
        rowPass[0][y * w + x] = r;
        rowPass[1][y * w + x] = g;
        rowPass[2][y * w + x] = b;
      }
    }

    int[] window = new int[w * h];
    for (int c = 0; c < 3; c++) {
      float[] plane = rowPass[c];
      int shift = 16 - 8 * c;
      for (int y = 0; y < h; y++) {
        int from = vertical.first[top + y] - firstRow;
        float[] weights = vertical.weights[top + y];
        for (int x = 0; x < w; x++) {
          float sum = 0;
          for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * plane[(from + k) * w + x];
          }
          window[y * w + x] |= Math.round(Math.min(255f, Math.max(0f, sum))) << shift;
        }
      }
    }
    return window;
  }

  /** torchvision's ToTensor then Normalize(0.5, 0.5), in the same float steps. */
  private static float toUnitRange(int value) {
    return (value / 255f - 0.5f) / 0.5f;
  }
}
