package dev.loraflow.transforms.image;

import java.io.IOException;

/**
 * An image as kohya's {@code tag_images_by_wd14_tagger.py} prepares it for a tagger: transparency
 * onto white ({@link WhiteBackground}), padded to a centred white square (left/top get the smaller
 * half), resized to the model's input size, channels in BGR order.
 *
 * <p>Resize filter (kohya's {@code resize_image}): a square at least as large as the input size is
 * shrunk by OpenCV-style area averaging ({@link AreaResize}); a smaller one is enlarged with
 * Pillow's Lanczos ({@link LanczosResize}). The Python taggers of imgutils/waifuc use bicubic
 * instead, so their scores differ slightly from kohya's; loraflow follows kohya.
 *
 * <p>A prepared image stays in bytes until the model's batch is filled: a quarter of the floats'
 * size, and no 2.4 MB array per image for the garbage collector to take from the model's cores.
 */
public final class WhiteSquare {

  private WhiteSquare() {}

  /**
   * The input for {@code encoded}: its pixels on white, BGR, resized to {@code size x size};
   * IOException if it is no image.
   */
  public static ByteImage prepare(byte[] encoded, int size) throws IOException {
    return resize(WhiteBackground.decodeBgr(encoded), size);
  }

  /** Pads and resizes an image already on white; its channels stay in their order. */
  public static ByteImage resize(ByteImage image, int size) {
    PaddedImage square = PaddedImage.centredSquare(image);
    return square.width() >= size
        ? AreaResize.shrink(square, size, size)
        : LanczosResize.resize(square.toImage(), size, size);
  }
}
