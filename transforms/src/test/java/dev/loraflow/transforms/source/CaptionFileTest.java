package dev.loraflow.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptionFileTest {
  @Test
  void splitsOnCommasAndLinesAndDropsBom() throws Exception {
    byte[] text = "\uFEFF1girl, long_hair ,\n smile,, \r\nsolo\n".getBytes(StandardCharsets.UTF_8);
    assertThat(CaptionFile.parse(text)).containsExactly("1girl", "long_hair", "smile", "solo");
  }

  @Test
  void readsUtf16WithoutByteOrderMarkAsTags_notNuls() throws Exception {
    byte[] text = "1girl, smile\r\n".getBytes(StandardCharsets.UTF_16LE);
    assertThat(CaptionFile.parse(text)).containsExactly("1girl", "smile");
  }

  @Test
  void refusesLatin1() {
    byte[] latin1 = "café, 1girl".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> CaptionFile.parse(latin1))
        .isInstanceOf(CharacterCodingException.class);
  }
}
