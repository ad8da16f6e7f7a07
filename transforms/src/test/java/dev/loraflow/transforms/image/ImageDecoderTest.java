package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.ImageFormat;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(16, DecodeImages.DEFAULT_MAX_PIXELS);

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

  @ParameterizedTest
  @CsvSource({"images/lossy-40x30.webp", "images/lossless-40x30.webp"})
  void decodesWebp(String resource) throws Exception {
    DecodedImage image =
        decoder.decode(TestImages.resource(resource), Optional.of(ImageFormat.WEBP));
    assertThat(image.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(30);
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
