package dev.loraflow.transforms.tagging;

import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * Turns an encoded image into one WD14 input, exactly as kohya's {@code
 * tag_images_by_wd14_tagger.py} does: transparency onto white, padded to a centred white square
 * (left/top get the smaller half), resized to the model's input size, channels in BGR order ({@link
 * #prepare}); then written into the model's input ({@link #write}) as float32 values 0..255, laid
 * out height x width x channel. For a {@link ModelFormat#TAG_MAPPING} model the same pixels, still
 * BGR as kohya feeds them, are laid out channel x height x width and scaled to {@code x / 127.5 -
 * 1} in float32, as kohya's {@code imgs.transpose(0, 3, 1, 2) / 127.5 - 1.0}.
 *
 * <p>A prepared image stays in bytes until the model's batch is filled: a quarter of the floats'
 * size, and no 2.4 MB array per image for the garbage collector to take from the model's cores.
 *
 * <p>Resize filter (kohya's {@code resize_image}): a square at least as large as the input size is
 * shrunk by OpenCV-style area averaging ({@link AreaResize}); a smaller one is enlarged with
 * Pillow's Lanczos ({@link LanczosResize}). The Python taggers of imgutils/waifuc use bicubic
 * instead, so their scores differ slightly from kohya's; loraflow follows kohya.
 */
final class Wd14Preprocessor {

  /** {@code v / 127.5 - 1} in float32 for each byte value v: a lookup, not 600,000 divisions. */
  private static final float[] SCALED = new float[256];

  static {
    for (int v = 0; v < SCALED.length; v++) {
      SCALED[v] = v / 127.5f - 1f;
    }
  }

  private Wd14Preprocessor() {}

  /** The input for {@code encoded}: its pixels on white, BGR, resized to {@code size x size}. */
  static ByteImage prepare(byte[] encoded, int size) throws IOException {
    return toInput(WhiteBackgroundDecoder.decodeBgr(encoded), size);
  }

  /** Pads and resizes an image already on white; its channels stay in their order. */
  static ByteImage toInput(ByteImage image, int size) {
    PaddedImage square = PaddedImage.centredSquare(image);
    return square.width() >= size
        ? AreaResize.shrink(square, size, size)
        : LanczosResize.resize(square.toImage(), size, size);
  }

  /**
   * Writes a prepared image at the position of {@code input} as floats laid out for {@code format}
   * and moves the position past it. Each value is rounded to float32 at each step, as numpy does.
   */
  static void write(ByteImage image, ModelFormat format, FloatBuffer input) {
    byte[] samples = image.samples();
    int width = image.width();
    float[] row = new float[width * 3];
    if (!format.channelsFirst()) {
      for (int offset = 0; offset < samples.length; offset += row.length) {
        for (int i = 0; i < row.length; i++) {
          row[i] = samples[offset + i] & 0xFF;
        }
        input.put(row);
      }
      return;
    }
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < image.height(); y++) {
        int offset = y * width * 3 + c;
        for (int x = 0; x < width; x++) {
          row[x] = SCALED[samples[offset + x * 3] & 0xFF];
        }
        input.put(row, 0, width);
      }
    }
  }
}
