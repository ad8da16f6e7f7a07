package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loraflow.transforms.InkImages;
import dev.loraflow.transforms.PrinterProfiles;
import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.ImageFormat;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(16, DecodeImages.DEFAULT_MAX_PIXELS);
  private final ImageDecoder anySize = new ImageDecoder(1, DecodeImages.DEFAULT_MAX_PIXELS);

  @ParameterizedTest
  @CsvSource({"png, PNG", "jpeg, JPEG", "bmp, BMP"})
  void decodesWhatImageIoWrites(String format, ImageFormat expected) throws Exception {
    byte[] bytes = TestImages.solid(format, 48, 32, Color.RED);
    DecodedImage image = decoder.decode(bytes, Optional.of(expected));
    assertThat(image.format()).isEqualTo(expected);
    assertThat(image.width()).isEqualTo(48);
    assertThat(image.height()).isEqualTo(32);
    assertThat(image.bytes()).isSameAs(bytes); // opaque images are kept byte for byte
  }

  @Test
  void keepsALosslessWebpAsItIs() throws Exception {
    byte[] webp = TestImages.resource("images/lossless-40x30.webp");
    DecodedImage image = decoder.decode(webp, Optional.of(ImageFormat.WEBP));
    assertThat(image.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(30);
    assertThat(image.bytes()).isSameAs(webp);
  }

  /** libwebp (kohya's Pillow) and TwelveMonkeys reconstruct a lossy frame differently. */
  @Test
  void keepsALossyWebpAsTheDecodedPng() throws Exception {
    byte[] webp = TestImages.resource("images/lossy-40x30.webp");
    DecodedImage image = decoder.decode(webp, Optional.of(ImageFormat.WEBP));
    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(30);
    BufferedImage decoded = TestImages.read(webp);
    BufferedImage written = TestImages.read(image.bytes());
    assertEightBitRgb(written);
    assertThat(written.getRGB(0, 0, 40, 30, null, 0, 40))
        .containsExactly(decoded.getRGB(0, 0, 40, 30, null, 0, 40));
  }

  @Test
  void flattensWebpAlphaOntoWhiteAsPng() throws Exception {
    DecodedImage image =
        decoder.decode(TestImages.resource("images/alpha-40x30.webp"), Optional.empty());
    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    BufferedImage pixels = TestImages.read(image.bytes());
    assertThat(pixels.getColorModel().hasAlpha()).isFalse();
    assertThat(pixels.getRGB(2, 15) & 0xFFFFFF).isEqualTo(0xFFFFFF); // transparent half
  }

  @Test
  void flattensPngAlphaOntoWhite() throws Exception {
    DecodedImage image =
        decoder.decode(TestImages.halfTransparentPng(40, 20), Optional.of(ImageFormat.PNG));
    BufferedImage pixels = TestImages.read(image.bytes());
    assertThat(pixels.getRGB(5, 10) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(pixels.getRGB(35, 10) & 0xFFFFFF).isEqualTo(0x0000FF);
  }

  @ParameterizedTest
  @CsvSource({"alpha.png", "grey-alpha.png", "palette-transparency.png"})
  void keepsThePixelsTheTaggerSees_pillowsFlattenOntoWhite(String file) throws Exception {
    byte[] original = TestImages.resource("image/kohya-reference/" + file);

    DecodedImage image =
        new ImageDecoder(1, DecodeImages.DEFAULT_MAX_PIXELS)
            .decode(original, Optional.of(ImageFormat.PNG));

    ByteImage kept = WhiteBackground.flatten(TestImages.read(image.bytes()));
    assertThat(kept.samples()).isEqualTo(WhiteBackground.decodeBgr(original).samples());
  }

  @Test
  void acceptsAnotherSupportedFormatUnderTheWrongExtension() throws Exception {
    DecodedImage image =
        decoder.decode(TestImages.solid("png", 20, 20, Color.BLUE), Optional.of(ImageFormat.JPEG));
    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void convertsCmykAndYcckJpegToRgbPng(boolean ycck) throws Exception {
    int[] red = {0, 255, 255, 0};
    int[] cyan = {255, 0, 0, 0};
    byte[] jpeg =
        ycck ? InkImages.ycckJpeg(32, 24, red, cyan) : InkImages.cmykJpeg(32, 24, red, cyan);

    DecodedImage image = decoder.decode(jpeg, Optional.of(ImageFormat.JPEG));

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(image.bytes())).contains(ImageFormat.PNG);
    BufferedImage written = TestImages.read(image.bytes());
    assertEightBitRgb(written);
    assertThat(written.getWidth()).isEqualTo(32);
    assertThat(written.getHeight()).isEqualTo(24);
    // YCCK goes through YCbCr and back in 8 bits: a step of rounding either way.
    assertNear(written.getRGB(4, 12), 255, 0, 0);
    assertNear(written.getRGB(28, 12), 0, 255, 255);
  }

  @Test
  void appliesTheIccProfileEmbeddedInACmykJpeg() throws Exception {
    int[] paper = {0, 0, 0, 0};
    int[] cyan = {255, 0, 0, 0};
    byte[] jpeg =
        InkImages.withIccProfile(
            InkImages.cmykJpeg(32, 24, paper, cyan), PrinterProfiles.cyanPrintsRed());

    DecodedImage image = decoder.decode(jpeg, Optional.of(ImageFormat.JPEG));

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    BufferedImage written = TestImages.read(image.bytes());
    assertEightBitRgb(written);
    // The profile prints cyan ink as red: a decoder ignoring it would show cyan (0, 255, 255).
    assertWithin(8, written.getRGB(4, 12), 255, 255, 255);
    assertWithin(8, written.getRGB(28, 12), 255, 0, 0);
  }

  @Test
  void stillRejectsATruncatedCmykJpeg() {
    byte[] jpeg =
        InkImages.cmykJpeg(256, 256, new int[] {0, 255, 255, 0}, new int[] {0, 0, 0, 255});
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
    assertThatThrownBy(() -> decoder.decode(truncated, Optional.of(ImageFormat.JPEG)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("corrupt or truncated jpeg")
        .hasMessageNotContaining("ICC");
  }

  @Test
  void convertsSixteenBitGreyPngToEightBits_rounded() throws Exception {
    int[] values = {0, 257 * 100, 65535, 1000, 0x80FF, 0x7F80, 12345, 40000};

    DecodedImage image =
        anySize.decode(InkImages.greyPng16(4, 2, values), Optional.of(ImageFormat.PNG));

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    BufferedImage written = TestImages.read(image.bytes());
    assertEightBitRgb(written);
    for (int i = 0; i < values.length; i++) {
      int expected = (int) Math.round(values[i] * 255.0 / 65535);
      assertThat(channels(written.getRGB(i % 4, i / 4)))
          .as("pixel %d of 16-bit value %d", i, values[i])
          .containsExactly(expected, expected, expected);
    }
  }

  @Test
  void convertsSixteenBitRgbPngToEightBits_rounded() throws Exception {
    int[] rgb = {0, 1000, 65535, 0x80FF, 0x7F80, 257 * 100, 40000, 12345, 128};

    DecodedImage image = anySize.decode(InkImages.rgbPng16(3, 1, rgb), Optional.empty());

    BufferedImage written = TestImages.read(image.bytes());
    assertEightBitRgb(written);
    for (int x = 0; x < 3; x++) {
      int[] expected = new int[3];
      for (int c = 0; c < 3; c++) {
        expected[c] = (int) Math.round(rgb[x * 3 + c] * 255.0 / 65535);
      }
      assertThat(channels(written.getRGB(x, 0))).containsExactly(expected);
    }
  }

  private static void assertEightBitRgb(BufferedImage image) {
    assertThat(image.getColorModel().hasAlpha()).isFalse();
    assertThat(image.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
    assertThat(image.getColorModel().getComponentSize()).containsExactly(8, 8, 8);
  }

  private static void assertNear(int rgb, int... expected) {
    assertWithin(1, rgb, expected);
  }

  private static void assertWithin(int tolerance, int rgb, int... expected) {
    int[] actual = channels(rgb);
    for (int c = 0; c < 3; c++) {
      assertThat(actual[c])
          .as("channel %d of %s", c, Arrays.toString(actual))
          .isCloseTo(expected[c], within(tolerance));
    }
  }

  private static int[] channels(int rgb) {
    return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
  }

  @Test
  void rejectsEmptyFile() {
    assertThatThrownBy(() -> decoder.decode(new byte[0], Optional.of(ImageFormat.PNG)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage("empty file (0 bytes)");
  }

  @Test
  void rejectsTextNamedJpg() {
    byte[] text = "these are not pixels".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decoder.decode(text, Optional.of(ImageFormat.JPEG)))
        .hasMessageContaining("content is not jpeg as its name claims");
  }

  @Test
  void rejectsCorruptPng() {
    assertThatThrownBy(() -> decoder.decode(TestImages.corruptPng(), Optional.of(ImageFormat.PNG)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("corrupt");
  }

  @Test
  void rejectsTruncatedJpeg() {
    byte[] truncated = TestImages.truncatedJpeg(200, 200, 0.5);
    assertThatThrownBy(() -> decoder.decode(truncated, Optional.of(ImageFormat.JPEG)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("jpeg");
  }

  @Test
  void rejectsImagesUnderMinSize() {
    assertThatThrownBy(
            () ->
                new ImageDecoder(2, 1000)
                    .decode(TestImages.solid("png", 1, 1, Color.RED), Optional.empty()))
        .hasMessage("1x1 is smaller than DecodeImages.withMinSize 2");
  }

  @Test
  void rejectsDecompressionBombFromHeaderAlone() {
    byte[] bomb = TestImages.pngHeaderDeclaring(100_000, 100_000);
    assertThat(bomb.length).isLessThan(100);
    assertThatThrownBy(() -> decoder.decode(bomb, Optional.of(ImageFormat.PNG)))
        .hasMessageContaining("100000x100000")
        .hasMessageContaining("DecodeImages.withMaxPixels");
  }
}
