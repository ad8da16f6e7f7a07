package dev.loraflow.transforms.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit, 3-channel image with interleaved samples, row by row: the working form of the tagger's
 * preprocessing ({@link WhiteSquare}), before it becomes floats. The resize filters treat the
 * channels alike, so the preprocessing keeps them in the model's BGR order from the decoder on.
 *
 * @param width pixels per row
 * @param height rows
 * @param samples {@code width * height * 3} unsigned bytes; the channel order is the producer's
 */
public record ByteImage(int width, int height, byte[] samples) {

  public ByteImage {
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
  public int sample(int x, int y, int c) {
    return samples[(y * width + x) * 3 + c] & 0xFF;
  }

  /** This image, its samples taken as BGR, as a {@code TYPE_3BYTE_BGR} BufferedImage. */
  BufferedImage toBgrImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(samples, 0, pixels, 0, samples.length);
    return image;
  }
}
