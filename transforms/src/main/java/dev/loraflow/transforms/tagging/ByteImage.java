package dev.loraflow.transforms.tagging;

/**
 * An 8-bit, 3-channel image with interleaved samples, row by row: the working form of the WD14
 * preprocessing, before it becomes floats. The resize filters treat the channels alike, so the
 * preprocessing keeps them in the model's BGR order from the decoder on.
 *
 * @param width pixels per row
 * @param height rows
 * @param samples {@code width * height * 3} unsigned bytes; the channel order is the producer's
 */
record ByteImage(int width, int height, byte[] samples) {

  ByteImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Image size must be positive: " + width + "x" + height);
    }
    if (samples.length != width * height * 3) {
      throw new IllegalArgumentException(
          "Expected "
              + width * height * 3
              + " samples for "
              + width
              + "x"
              + height
              + ", got "
              + samples.length);
    }
  }

  /** The unsigned value of channel {@code c} at ({@code x}, {@code y}). */
  int sample(int x, int y, int c) {
    return samples[(y * width + x) * 3 + c] & 0xFF;
  }
}
