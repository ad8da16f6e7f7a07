package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePreparerTest {

  @TempDir Path root;

  @Test
  void aSolidImageBecomesConstantPlanesInMinusOneToOne() throws IOException {
    Path file = TestImages.solid(root.resolve("a.png"), 100, 150, 0xff0080, "png");

    PreparedImage prepared =
        ImagePreparer.prepare(file, Buckets.aspectRatio(512).select(100, 150), false);

    // 100x150 is enlarged (Lanczos) to 427x640 and cropped to the 384x640 bucket.
    assertThat(prepared.width()).isEqualTo(384);
    assertThat(prepared.height()).isEqualTo(640);
    assertThat(prepared.chw()).hasSize(3 * 384 * 640);
    int plane = 384 * 640;
    assertThat(Arrays.copyOfRange(prepared.chw(), 0, plane)).containsOnly(1f);
    assertThat(Arrays.copyOfRange(prepared.chw(), plane, 2 * plane)).containsOnly(-1f);
    assertThat(prepared.chw()[2 * plane]).isCloseTo(128 / 255f * 2 - 1, within(1e-6f));
  }

  /** Pillow's convert("RGB") of grey 184 is (184, 184, 184); Java's getRGB would give 221. */
  @ParameterizedTest
  @ValueSource(strings = {"png", "jpg"})
  void greyImagesKeepTheirValues(String format) throws IOException {
    BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSamples(0, 0, 32, 64, 0, filled(32 * 64, 184));
    grey.getRaster().setSamples(32, 0, 32, 64, 0, filled(32 * 64, 40));
    Path file = root.resolve("grey." + format);
    assertThat(ImageIO.write(grey, format, file.toFile())).isTrue();

    PreparedImage prepared =
        ImagePreparer.prepare(file, new BucketFit(new Size(64, 64), new Size(64, 64)), false);

    for (int c = 0; c < 3; c++) {
      // away from the edge, where the JPEG's blocks are flat
      assertThat(prepared.chw()[c * 64 * 64 + 10 * 64 + 8]).isEqualTo(unit(184));
      assertThat(prepared.chw()[c * 64 * 64 + 10 * 64 + 56]).isEqualTo(unit(40));
    }
  }

  private static int[] filled(int length, int value) {
    int[] values = new int[length];
    Arrays.fill(values, value);
    return values;
  }

  @Test
  void transparencyIsFlattenedOntoWhite() throws IOException {
    Path file =
        TestImages.write(
            root.resolve("clear.png"),
            64,
            64,
            BufferedImage.TYPE_INT_ARGB,
            (x, y) -> 0x00000000,
            "png");

    PreparedImage prepared =
        ImagePreparer.prepare(file, Buckets.fixed(64, 64).select(64, 64), false);

    assertThat(prepared.chw()).containsOnly(1f);
  }

  @Test
  void webpDecodesWithItsTransparentHalfOnWhite() throws IOException {
    Path file = root.resolve("alpha.webp");
    try (var in = getClass().getResourceAsStream("/data/alpha-40x30.webp")) {
      Files.copy(in, file);
    }

    PreparedImage prepared =
        ImagePreparer.prepare(file, Buckets.fixed(40, 30).select(40, 30), false);

    int plane = 40 * 30;
    int transparent = 15 * 40 + 2;
    assertThat(ImageFiles.size(file)).isEqualTo(new Size(40, 30));
    assertThat(
            new float[] {
              prepared.chw()[transparent],
              prepared.chw()[plane + transparent],
              prepared.chw()[2 * plane + transparent]
            })
        .containsOnly(1f);
  }

  @Test
  void cropsTheCentreAndFlipsHorizontally() throws IOException {
    // Column x has grey level x; 300x100 into 100x100 needs no resize, only the crop of 100..199.
    Path file =
        TestImages.write(
            root.resolve("ramp.png"),
            300,
            100,
            BufferedImage.TYPE_INT_RGB,
            (x, y) -> grey(x % 256),
            "png");
    BucketFit fit = Buckets.fixed(100, 100).select(300, 100);

    PreparedImage plain = ImagePreparer.prepare(file, fit, false);
    PreparedImage flipped = ImagePreparer.prepare(file, fit, true);

    assertThat(fit.resized()).isEqualTo(new Size(300, 100));
    assertThat(plain.chw()[0]).isEqualTo(unit(100));
    assertThat(plain.chw()[99]).isEqualTo(unit(199));
    assertThat(flipped.chw()[0]).isEqualTo(unit(199));
    assertThat(flipped.chw()[99]).isEqualTo(unit(100));
  }

  @Test
  void shrinkingAveragesTheAreaEachOutputPixelCovers() {
    int[] pixels = {
      grey(0), grey(100), grey(200), grey(50), grey(0), grey(100), grey(200), grey(50)
    };
    RgbImage image = new RgbImage(pixels, 4, 2);

    PreparedImage prepared =
        ImagePreparer.prepare(image, new BucketFit(new Size(2, 1), new Size(2, 1)), false);

    assertThat(Arrays.copyOfRange(prepared.chw(), 0, 2)).containsExactly(unit(50), unit(125));
  }

  @Test
  void enlargingKeepsAnEdgeMonotoneWithinTheEightBitRange() {
    RgbImage image = new RgbImage(new int[] {grey(0), grey(255)}, 2, 1);

    PreparedImage prepared =
        ImagePreparer.prepare(image, new BucketFit(new Size(8, 1), new Size(8, 4)), false);

    float[] row = Arrays.copyOfRange(prepared.chw(), 0, 8);
    assertThat(row[0]).isEqualTo(-1f);
    assertThat(row[7]).isEqualTo(1f);
    for (int x = 1; x < 8; x++) {
      assertThat(row[x]).isGreaterThanOrEqualTo(row[x - 1]);
    }
  }

  /**
   * Pillow 9.4.0's {@code Image.fromarray(rgb).resize((12, 7), Image.Resampling.LANCZOS)} of the
   * 5x3 image below (R = v, G = 255 - v, B = v // 2), as kohya's resize_image enlarges. Its edges
   * overshoot: a float intermediate between the two passes instead of Pillow's 8-bit one is up to
   * 36 steps off here.
   */
  @Test
  void enlargingMatchesPillowsLanczosBitForBit() {
    int[] v = {0, 255, 0, 255, 40, 255, 255, 0, 0, 200, 0, 0, 255, 128, 0};
    int[] pixels = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      pixels[i] = (v[i] << 16) | ((255 - v[i]) << 8) | (v[i] / 2);
    }
    int[][] pillow = {
      {
        0, 0, 136, 243, 174, 30, 37, 201, 255, 188, 42, 0, 32, 60, 178, 255, 176, 22, 12, 144, 227,
        175, 83, 30, 159, 181, 244, 255, 179, 13, 0, 51, 112, 151, 151, 151, 244, 255, 255, 255,
        166, 47, 0, 0, 9, 107, 183, 230, 165, 163, 146, 133, 134, 133, 119, 81, 28, 67, 115, 151,
        42, 33, 28, 25, 108, 205, 229, 190, 99, 48, 28, 30, 0, 0, 0, 0, 93, 246, 255, 255, 144, 38,
        0, 0
      },
      {
        255, 255, 119, 12, 81, 225, 218, 54, 0, 67, 213, 255, 223, 195, 77, 0, 79, 233, 243, 111,
        28, 80, 172, 225, 96, 74, 11, 0, 76, 242, 255, 204, 143, 104, 104, 104, 11, 0, 0, 0, 89,
        208, 255, 255, 246, 148, 72, 25, 90, 92, 109, 122, 121, 122, 136, 174, 227, 188, 140, 104,
        213, 222, 227, 230, 147, 50, 26, 65, 156, 207, 227, 225, 255, 255, 255, 255, 162, 9, 0, 0,
        111, 217, 255, 255
      },
      {
        0, 0, 65, 120, 86, 15, 18, 101, 147, 94, 21, 0, 16, 31, 91, 131, 88, 11, 6, 72, 113, 87, 42,
        15, 79, 93, 130, 146, 89, 7, 0, 26, 56, 75, 76, 75, 122, 130, 140, 130, 83, 24, 0, 0, 5, 53,
        92, 115, 82, 83, 81, 68, 67, 67, 62, 40, 14, 33, 58, 75, 21, 17, 16, 13, 54, 102, 119, 95,
        50, 24, 15, 15, 0, 0, 0, 0, 46, 122, 152, 127, 72, 19, 0, 0
      }
    };

    PreparedImage prepared =
        ImagePreparer.prepare(
            new RgbImage(pixels, 5, 3), new BucketFit(new Size(12, 7), new Size(12, 7)), false);

    for (int c = 0; c < 3; c++) {
      float[] expected = new float[pillow[c].length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = unit(pillow[c][i]);
      }
      assertThat(Arrays.copyOfRange(prepared.chw(), c * 84, (c + 1) * 84))
          .as("channel %d", c)
          .containsExactly(expected);
    }
  }

  @Test
  void anImageThatDoesNotDecodeIsAnErrorNamingTheFile() throws IOException {
    Path good = TestImages.solid(root.resolve("good.png"), 64, 64, 0x123456, "png");
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(root.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
    Path text = Files.writeString(root.resolve("text.png"), "hello");
    BucketFit fit = Buckets.fixed(64, 64).select(64, 64);

    assertThatThrownBy(() -> ImagePreparer.prepare(truncated, fit, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(truncated.toString());
    assertThatThrownBy(() -> ImagePreparer.prepare(text, fit, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(text.toString());
  }

  private static int grey(int v) {
    return (v << 16) | (v << 8) | v;
  }

  private static float unit(int v) {
    return (v / 255f - 0.5f) / 0.5f;
  }
}
