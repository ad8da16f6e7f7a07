package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole preprocessing against what kohya's script (Pillow + OpenCV) makes of the same files:
 * every byte must match. The fixtures and how they were made: {@code
 * src/test/resources/image/kohya-reference/README.md}.
 */
class KohyaReferenceTest {

  private static final int SIZE = 64;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "shrink-fractional-wide.png",
        "shrink-fractional-tall.png",
        "halve.png",
        "shrink-by-3.png",
        "enlarge.png",
        "alpha.png",
        "grey.png",
        "grey-alpha.png",
        "palette-transparency.png",
        "jpeg.jpg"
      })
  void preprocessing_matchesKohyaByteForByte(String file) throws IOException {
    byte[] expected = resource(file.replaceAll("\\.(png|jpg)$", ".bgr"));

    ByteImage input = WhiteSquare.prepare(resource(file), SIZE);

    assertThat(input.samples()).isEqualTo(expected);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        KohyaReferenceTest.class.getResourceAsStream("/image/kohya-reference/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
