package dev.loraflow.transforms.tagging;

import java.io.IOException;
import java.util.Arrays;

/**
 * Turns an encoded image into one WD14 input, exactly as kohya's {@code
 * tag_images_by_wd14_tagger.py} does: transparency onto white, padded to a centred white square
 * (left/top get the smaller half), resized to the model's input size, channels in BGR order, float32
 * values 0..255, laid out height x width x channel. For a {@link ModelFormat#TAG_MAPPING} model the
 * same pixels, still BGR as kohya feeds them, are laid out channel x height x width and scaled to
 * {@code x / 127.5 - 1} in float32, as kohya's {@code imgs.transpose(0, 3, 1, 2) / 127.5 - 1.0}.
 *
 * <p>Resize filter (kohya's {@code resize_image}): a square at least as large as the input size is
 * shrunk by OpenCV-style area averaging ({@link AreaResize}); a smaller one is enlarged with
 * Pillow's Lanczos ({@link LanczosResize}). The Python taggers of imgutils/waifuc use bicubic
 * instead, so their scores differ slightly from kohya's; loraflow follows kohya.
 */
final class Wd14Preprocessor {

  private Wd14Preprocessor() {}

  /** The input for {@code encoded}: {@code size * size * 3} floats laid out for {@code format}. */
  static float[] prepare(byte[] encoded, int size, ModelFormat format) throws IOException {
    float[] bgr = toInput(WhiteBackgroundDecoder.decode(encoded), size);
    return format.channelsFirst() ? toScaledChannelsFirst(bgr, size) : bgr;
  }

  /** Pads, resizes and converts an RGB image already on white: NHWC, BGR, 0..255. */
  static float[] toInput(RgbImage rgb, int size) {
    RgbImage square = padToWhiteSquare(rgb);
    RgbImage resized =
        square.width() >= size
            ? AreaResize.shrink(square, size, size)
            : LanczosResize.resize(square, size, size);
    return toBgrFloats(resized);
  }

  static RgbImage padToWhiteSquare(RgbImage rgb) {
    int side = Math.max(rgb.width(), rgb.height());
    if (side == rgb.width() && side == rgb.height()) {
      return rgb;
    }
    int left = (side - rgb.width()) / 2;
    int top = (side - rgb.height()) / 2;
    byte[] out = new byte[side * side * 3];
    Arrays.fill(out, (byte) 255);
    int rowBytes = rgb.width() * 3;
    for (int y = 0; y < rgb.height(); y++) {
      System.arraycopy(
          rgb.samples(), y * rowBytes, out, ((top + y) * side + left) * 3, rowBytes);
    }
    return new RgbImage(side, side, out);
  }

  /** HWC 0..255 to CHW {@code x / 127.5 - 1}, each step rounded to float32 as numpy does. */
  static float[] toScaledChannelsFirst(float[] hwc, int size) {
    int plane = size * size;
    float[] chw = new float[hwc.length];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        chw[c * plane + i] = hwc[i * 3 + c] / 127.5f - 1f;
      }
    }
    return chw;
  }

  private static float[] toBgrFloats(RgbImage rgb) {
    byte[] samples = rgb.samples();
    float[] bgr = new float[samples.length];
    for (int i = 0; i < samples.length; i += 3) {
      bgr[i] = samples[i + 2] & 0xFF;
      bgr[i + 1] = samples[i + 1] & 0xFF;
      bgr[i + 2] = samples[i] & 0xFF;
    }
    return bgr;
  }
}
