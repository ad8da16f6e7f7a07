package dev.loraflow.transforms.tagging;

import java.io.IOException;

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
    float[] bgr = toInput(WhiteBackgroundDecoder.decodeBgr(encoded), size);
    return format.channelsFirst() ? toScaledChannelsFirst(bgr, size) : bgr;
  }

  /**
   * Pads and resizes an image already on white, then turns it into floats 0..255, height x width x
   * channel, the channels in the image's own order (BGR from {@link WhiteBackgroundDecoder}).
   */
  static float[] toInput(ByteImage image, int size) {
    PaddedImage square = padToWhiteSquare(image);
    ByteImage resized =
        square.width() >= size
            ? AreaResize.shrink(square, size, size)
            : LanczosResize.resize(square.toImage(), size, size);
    return toFloats(resized);
  }

  static PaddedImage padToWhiteSquare(ByteImage image) {
    return PaddedImage.centredSquare(image);
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

  private static float[] toFloats(ByteImage image) {
    byte[] samples = image.samples();
    float[] floats = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      floats[i] = samples[i] & 0xFF;
    }
    return floats;
  }
}
