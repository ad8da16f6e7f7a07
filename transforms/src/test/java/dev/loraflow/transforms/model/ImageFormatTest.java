package dev.loraflow.transforms.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.TestImages;
import java.awt.Color;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
  @Test
  void recognisesExtensionsInAnyCase() {
    assertThat(ImageFormat.fromFileName("A.PNG")).contains(ImageFormat.PNG);
    assertThat(ImageFormat.fromFileName("b.Jpeg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromFileName("c.jpg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromFileName("d.WebP")).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.fromFileName("e.bmp")).contains(ImageFormat.BMP);
    assertThat(ImageFormat.fromFileName("f.gif")).isEmpty();
    assertThat(ImageFormat.fromFileName("noextension")).isEmpty();
  }

  @Test
  void sniffsSignatures() {
    assertThat(ImageFormat.sniff(TestImages.solid("png", 2, 2, Color.RED)))
        .contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(TestImages.solid("jpeg", 2, 2, Color.RED)))
        .contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(TestImages.solid("bmp", 2, 2, Color.RED)))
        .contains(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(TestImages.resource("images/lossy-40x30.webp")))
        .contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(new byte[] {'G', 'I', 'F', '8', '9', 'a'})).isEmpty();
  }
}
