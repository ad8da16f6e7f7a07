package dev.loraflow.transforms.image;

import java.util.Arrays;

/**
 * An image placed on a white canvas, read a row at a time, without the canvas ever being made.
 * kohya pads every image to a white square before resizing it; for a 1080 x 1920 image that square
 * is 11 MB, almost half of it white, written once and read once. The resizers read the rows from
 * here instead and skip what they know to be white.
 *
 * @param content the image, on white already (see {@link WhiteBackground})
 * @param width the canvas width, at least the content's
 * @param height the canvas height, at least the content's
 * @param left canvas columns left of the content
 * @param top canvas rows above the content
 */
record PaddedImage(ByteImage content, int width, int height, int left, int top) {

  private static final byte WHITE = (byte) 255;

  PaddedImage {
    if (left < 0 || top < 0 || left + content.width() > width || top + content.height() > height) {
      throw new IllegalArgumentException(
          content.width()
              + "x"
              + content.height()
              + " at ("
              + left
              + ", "
              + top
              + ") does not fit a "
              + width
              + "x"
              + height
              + " canvas");
    }
  }

  /** {@code image} as it is, with no padding. */
  static PaddedImage unpadded(ByteImage image) {
    return new PaddedImage(image, image.width(), image.height(), 0, 0);
  }

  /**
   * {@code image} centred on a white square whose side is its longer side, as kohya pads: of an odd
   * padding, left and top get the smaller half.
   */
  static PaddedImage centredSquare(ByteImage image) {
    int side = Math.max(image.width(), image.height());
    return new PaddedImage(
        image, side, side, (side - image.width()) / 2, (side - image.height()) / 2);
  }

  /** The first canvas column after the content. */
  int contentRight() {
    return left + content.width();
  }

  /** Whether canvas row {@code y} is all padding. */
  boolean isWhiteRow(int y) {
    return y < top || y >= top + content.height();
  }

  /** A buffer for {@link #copyRow}: one canvas row, white. */
  byte[] newRowBuffer() {
    byte[] row = new byte[width * 3];
    Arrays.fill(row, WHITE);
    return row;
  }

  /**
   * Canvas row {@code y} into {@code row}, a buffer from {@link #newRowBuffer}: only its content
   * columns are written, as the padding columns of the buffer stay white.
   */
  void copyRow(int y, byte[] row) {
    if (isWhiteRow(y)) {
      Arrays.fill(row, left * 3, contentRight() * 3, WHITE);
    } else {
      int rowBytes = content.width() * 3;
      System.arraycopy(content.samples(), (y - top) * rowBytes, row, left * 3, rowBytes);
    }
  }

  /** The canvas as an image of its own, for the filters that need one whole. */
  ByteImage toImage() {
    if (width == content.width() && height == content.height()) {
      return content;
    }
    byte[] out = new byte[width * height * 3];
    byte[] row = newRowBuffer();
    for (int y = 0; y < height; y++) {
      copyRow(y, row);
      System.arraycopy(row, 0, out, y * row.length, row.length);
    }
    return new ByteImage(width, height, out);
  }
}
