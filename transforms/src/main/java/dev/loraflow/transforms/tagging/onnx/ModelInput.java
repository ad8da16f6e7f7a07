package dev.loraflow.transforms.tagging.onnx;

import dev.loraflow.transforms.image.ByteImage;
import java.nio.FloatBuffer;

/**
 * Writes a prepared image ({@link dev.loraflow.transforms.image.WhiteSquare}) into a model's input
 * as kohya feeds it: for a {@link ModelFormat#SELECTED_TAGS} model float32 values 0..255, laid out
 * height x width x channel; for a {@link ModelFormat#TAG_MAPPING} model the same pixels, still BGR,
 * laid out channel x height x width and scaled to {@code x / 127.5 - 1} in float32, as kohya's
 * {@code imgs.transpose(0, 3, 1, 2) / 127.5 - 1.0}.
 */
final class ModelInput {

  /** {@code v / 127.5 - 1} in float32 for each byte value v: a lookup, not 600,000 divisions. */
  private static final float[] SCALED = new float[256];

  static {
    for (int v = 0; v < SCALED.length; v++) {
      SCALED[v] = v / 127.5f - 1f;
    }
  }

  private ModelInput() {}

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
