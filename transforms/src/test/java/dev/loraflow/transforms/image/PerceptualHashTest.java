package dev.loraflow.transforms.image;

import static dev.loraflow.transforms.Drawings.cropped;
import static dev.loraflow.transforms.Drawings.drawing;
import static dev.loraflow.transforms.Drawings.grey;
import static dev.loraflow.transforms.Drawings.jpeg;
import static dev.loraflow.transforms.Drawings.png;
import static dev.loraflow.transforms.Drawings.recoloured;
import static dev.loraflow.transforms.Drawings.resized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PerceptualHashTest {

  private static final int COPY = 16;
  private static final int DISTINCT = 40;

  static Stream<Arguments> copies() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(copy("half size", i -> png(resized(i, i.getWidth() / 2, i.getHeight() / 2))));
    cases.add(copy("JPEG quality 0.6", i -> jpeg(i, 0.6f)));
    cases.add(copy("5% off the left", i -> png(cropped(i, 0.05, 0, 0, 0))));
    cases.add(copy("5% off the bottom", i -> png(cropped(i, 0, 0, 0, 0.05))));
    cases.add(copy("5% off a corner", i -> png(cropped(i, 0, 0.05, 0.05, 0))));
    cases.add(copy("5% off all sides", i -> png(cropped(i, 0.05, 0.05, 0.05, 0.05))));
    cases.add(copy("hue and brightness", i -> png(recoloured(i, 0.02f, 0.9f))));
    cases.add(
        copy(
            "resized, cropped, JPEG",
            i -> jpeg(resized(cropped(i, 0.04, 0, 0, 0), 200, 160), 0.7f)));
    return cases.stream();
  }

  private static Arguments copy(String name, Function<BufferedImage, byte[]> change) {
    return Arguments.of(name, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("copies")
  void aCopyIsAFewBitsFromItsOriginal(String name, Function<BufferedImage, byte[]> change)
      throws IOException {
    for (long seed = 0; seed < 4; seed++) {
      BufferedImage colour = drawing(seed, 320, 240);
      BufferedImage lineArt = grey(colour);
      assertThat(distance(png(colour), change.apply(colour)))
          .as("%s of drawing %d", name, seed)
          .isLessThanOrEqualTo(COPY);
      assertThat(distance(png(lineArt), change.apply(lineArt)))
          .as("%s of grey drawing %d", name, seed)
          .isLessThanOrEqualTo(COPY);
    }
  }

  @Test
  void differentDrawingsAreFarApart_inColourAndInGrey() throws IOException {
    List<long[]> colour = new ArrayList<>();
    List<long[]> lineArt = new ArrayList<>();
    for (long seed = 0; seed < 12; seed++) {
      BufferedImage image = drawing(seed, 320, 240);
      colour.add(hash(png(image)));
      lineArt.add(hash(png(grey(image))));
    }
    for (int i = 0; i < colour.size(); i++) {
      for (int j = 0; j < i; j++) {
        assertThat(PerceptualHash.distance(colour.get(i), colour.get(j)))
            .as("drawings %d and %d", i, j)
            .isGreaterThan(DISTINCT);
        assertThat(PerceptualHash.distance(lineArt.get(i), lineArt.get(j)))
            .as("grey drawings %d and %d", i, j)
            .isGreaterThan(DISTINCT);
      }
    }
  }

  @Test
  void twoColouringsOfOneDrawingAreApart() throws IOException {
    BufferedImage image = drawing(7, 320, 240);
    assertThat(distance(png(image), png(recoloured(image, 0.5f, 1f)))).isGreaterThan(DISTINCT);
  }

  @Test
  void theDistanceIsSymmetricAndZeroToItself() throws IOException {
    long[] a = hash(png(drawing(1, 320, 240)));
    long[] b = hash(png(cropped(drawing(1, 320, 240), 0.05, 0, 0, 0)));
    assertThat(PerceptualHash.distance(a, a)).isZero();
    assertThat(PerceptualHash.distance(a, b)).isEqualTo(PerceptualHash.distance(b, a));
    assertThat(a).hasSize(PerceptualHash.WINDOWS * PerceptualHash.PLANES);
  }

  @Test
  void hashesPicturesSmallerThanItsGrid() throws IOException {
    BufferedImage small = drawing(3, 20, 12);
    long[] hash = hash(png(small));
    assertThat(PerceptualHash.distance(hash, hash(TestImages.encode(small, "bmp")))).isZero();
    assertThat(PerceptualHash.distance(hash, hash(png(drawing(4, 20, 12))))).isGreaterThan(COPY);
    assertThat(hash).isNotEqualTo(new long[hash.length]);
  }

  private static int distance(byte[] a, byte[] b) throws IOException {
    return PerceptualHash.distance(hash(a), hash(b));
  }

  private static long[] hash(byte[] encoded) throws IOException {
    return PerceptualHash.of(WhiteBackground.decodeBgr(encoded));
  }
}
