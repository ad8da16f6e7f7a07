package dev.loraflow.transforms.tagging.onnx;

import static dev.loraflow.transforms.tagging.onnx.ModelFormat.SELECTED_TAGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.image.WhiteSquare;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** A prepared image in the model's input, laid out and scaled as kohya feeds each model format. */
class ModelInputTest {

  @Test
  void tagMappingModels_getChannelPlanes_bgrScaledToMinusOneToOne() throws IOException {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    image.setRGB(1, 0, 0x0080FF);

    ByteImage prepared = WhiteSquare.prepare(TestImages.encode(image, "png"), 2);
    FloatBuffer input = FloatBuffer.allocate(2 * 2 * 3);

    ModelInput.write(prepared, ModelFormat.TAG_MAPPING, input);

    // 2x1 padded with a white row below, then planes B, G, R of pixels in row order.
    float g128 = 128 / 127.5f - 1;
    assertThat(input.array()).containsExactly(-1, 1, 1, 1, -1, g128, 1, 1, 1, -1, 1, 1);
  }

  @Test
  void selectedTagsModels_getPixelsInRowOrder_0To255_afterWhatTheBufferHeld() {
    ByteImage image = bytes(2, 1, 0, 1, 2, 253, 254, 255);
    FloatBuffer input = FloatBuffer.allocate(1 + 6);
    input.put(42f);

    ModelInput.write(image, SELECTED_TAGS, input);

    assertThat(input.position()).isEqualTo(7);
    assertThat(input.array()).containsExactly(42, 0, 1, 2, 253, 254, 255);
  }

  private static ByteImage bytes(int width, int height, int... values) {
    byte[] samples = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      samples[i] = (byte) values[i];
    }
    return new ByteImage(width, height, samples);
  }
}
