package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pixel-exact checks of kohya's tagger preprocessing, against values worked out by hand. */
class WhiteSquareTest {

  @Test
  void wideImage_isPaddedWithWhiteBelow() {
    // 2x1 -> square 2x2: pad_y = 1, top gets 1 // 2 = 0 rows, bottom 1.
    ByteImage image = bytes(2, 1, 10, 20, 30, 40, 50, 60);

    ByteImage input = WhiteSquare.resize(image, 2);

    assertThat(values(input)).containsExactly(10, 20, 30, 40, 50, 60, 255, 255, 255, 255, 255, 255);
  }

  @Test
  void opaqueColourImage_isDecodedToBgr() throws IOException {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x102030);

    ByteImage input = WhiteSquare.prepare(TestImages.encode(image, "png"), 1);

    assertThat(values(input)).containsExactly(0x30, 0x20, 0x10);
  }

  @ParameterizedTest
  @CsvSource({
    "300, 200, 128", // fractional scale, white rows below and above
    "200, 300, 128", // fractional scale, white columns left and right
    "257, 300, 100", // odd padding, fractional
    "150, 300, 100", // scale 3, white columns
    "300, 301, 150", // one white column, on the right, fractional
    "64, 128, 64", // halving
    "128, 40, 32" // scale 4, white rows
  })
  void shrinkingAPaddedImage_equalsShrinkingTheSquareItPadsTo(int width, int height, int size) {
    Random random = new Random(width * 31L + height);
    byte[] samples = new byte[width * height * 3];
    random.nextBytes(samples);
    PaddedImage padded = PaddedImage.centredSquare(new ByteImage(width, height, samples));

    ByteImage direct = AreaResize.shrink(padded, size, size);
    ByteImage viaSquare = AreaResize.shrink(padded.toImage(), size, size);

    assertThat(direct.samples()).isEqualTo(viaSquare.samples());
  }

  @Test
  void tallImage_isCentred_withTheSmallerHalfOfThePaddingLeft() {
    // 1x3 -> 3x3: pad_x = 2, left 1, right 1.
    ByteImage image = bytes(1, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    ByteImage square = PaddedImage.centredSquare(image).toImage();

    assertThat(square.width()).isEqualTo(3);
    assertThat(column(square, 0)).containsOnly(255);
    assertThat(column(square, 2)).containsOnly(255);
    assertThat(new int[] {square.sample(1, 0, 0), square.sample(1, 1, 1), square.sample(1, 2, 2)})
        .containsExactly(1, 5, 9);
  }

  @Test
  void halving_averagesBlocks_roundingHalfUp_likeOpenCv() {
    // Blocks {0,0,1,1} = 0.5 -> 1 ((sum + 2) >> 2) and {10,11,12,13} = 11.5 -> 12.
    ByteImage image = grey(4, 2, 0, 0, 10, 11, 1, 1, 12, 13);

    ByteImage half = AreaResize.shrink(image, 2, 1);

    assertThat(channel(half, 0)).containsExactly(1, 12);
  }

  @Test
  void otherIntegerScales_roundHalfToEven() {
    // 4x4 blocks: sum 8 / 16 = 0.5 -> 0, sum 24 / 16 = 1.5 -> 2.
    int[] values = new int[8 * 4];
    values[0] = 8; // left block sums to 8
    values[4] = 24; // right block sums to 24 (x = 4, y = 0)
    ByteImage image = grey(8, 4, values);

    ByteImage quarter = AreaResize.shrink(image, 2, 1);

    assertThat(channel(quarter, 0)).containsExactly(0, 2);
  }

  @Test
  void fractionalScale_weightsPartlyCoveredPixelsByTheirShare() {
    // 3 -> 2 (scale 1.5): out0 = 2/3 * p0 + 1/3 * p1, out1 = 1/3 * p1 + 2/3 * p2.
    ByteImage image = grey(3, 3, 0, 90, 180, 0, 90, 180, 0, 90, 180);

    ByteImage shrunk = AreaResize.shrink(image, 2, 2);

    assertThat(channel(shrunk, 0)).containsExactly(30, 150, 30, 150);
  }

  @Test
  void paddedImage_shrinks_withTheWhiteRowWeightedIn() {
    // 3x2 padded to 3x3 (white row below), then 3 -> 2: row 1 = 1/3 * [30, 150] + 2/3 * 255.
    ByteImage image = grey(3, 2, 0, 90, 180, 0, 90, 180);

    int[] input = values(WhiteSquare.resize(image, 2));

    assertThat(new int[] {input[0], input[3], input[6], input[9]})
        .containsExactly(30, 150, 180, 220);
  }

  @Test
  void enlarging_usesPillowLanczos_withOvershootClipped() {
    // 2 -> 4 of [0, 255]: weights (1.175, -0.175), (0.767, 0.233), (0.233, 0.767), (-0.175, 1.175)
    // give -44.7 -> 0, 59.4 -> 59, 195.6 -> 196, 299.7 -> 255.
    ByteImage step = grey(2, 1, 0, 255);

    assertThat(channel(LanczosResize.resize(step, 4, 1), 0)).containsExactly(0, 59, 196, 255);
  }

  @Test
  void enlarging_threeToFive_matchesPillow() {
    // 3 -> 5 of [10, 200, 30]: 10 * 1.108 - 200 * 0.141 + 30 * 0.033 = -15.6 -> 0; then 90.4,
    // 200 (the centre sample lands on a source pixel), 105.9, 5.9.
    ByteImage row = grey(3, 1, 10, 200, 30);

    assertThat(channel(LanczosResize.resize(row, 5, 1), 0)).containsExactly(0, 90, 200, 105, 5);
  }

  @Test
  void smallImage_isEnlargedWithLanczos_largeOneShrunkByArea() {
    ByteImage uniform = grey(3, 3, 7, 7, 7, 7, 7, 7, 7, 7, 7);

    assertThat(values(WhiteSquare.resize(uniform, 8))).hasSize(8 * 8 * 3).containsOnly(7);
    assertThat(values(WhiteSquare.resize(uniform, 2))).hasSize(2 * 2 * 3).containsOnly(7);
  }

  @Test
  void transparentPixels_areBlendedOntoWhite_likePillow() throws IOException {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0x80FF0000); // red at alpha 128: (255 * 127 + 0 * 128) / 255 = 127
    byte[] png = TestImages.encode(image, "png");

    ByteImage input = WhiteSquare.prepare(png, 1);

    assertThat(values(input)).containsExactly(127, 127, 255); // B, G, R
  }

  @Test
  void greyImage_keepsItsValues() throws IOException {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(0, 0, 0, 128);

    ByteImage input = WhiteSquare.prepare(TestImages.encode(image, "png"), 1);

    assertThat(values(input)).containsExactly(128, 128, 128);
  }

  @Test
  void notAnImage_isAnIOException() {
    assertThatThrownBy(() -> WhiteSquare.prepare(new byte[] {1, 2, 3}, 4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Not a decodable image");
  }

  private static ByteImage bytes(int width, int height, int... values) {
    byte[] samples = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      samples[i] = (byte) values[i];
    }
    return new ByteImage(width, height, samples);
  }

  private static ByteImage grey(int width, int height, int... values) {
    byte[] samples = new byte[values.length * 3];
    for (int i = 0; i < values.length; i++) {
      samples[i * 3] = (byte) values[i];
      samples[i * 3 + 1] = (byte) values[i];
      samples[i * 3 + 2] = (byte) values[i];
    }
    return new ByteImage(width, height, samples);
  }

  private static int[] values(ByteImage image) {
    int[] values = new int[image.samples().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = image.samples()[i] & 0xFF;
    }
    return values;
  }

  private static int[] channel(ByteImage image, int c) {
    int[] values = new int[image.width() * image.height()];
    for (int i = 0; i < values.length; i++) {
      values[i] = image.sample(i % image.width(), i / image.width(), c);
    }
    return values;
  }

  private static int[] column(ByteImage image, int x) {
    int[] values = new int[image.height() * 3];
    for (int y = 0; y < image.height(); y++) {
      for (int c = 0; c < 3; c++) {
        values[y * 3 + c] = image.sample(x, y, c);
      }
    }
    return values;
  }
}
