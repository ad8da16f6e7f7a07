package dev.loraflow.kohya;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaptionTextTest {
  private static final String CAPTION = "1girl, café, 東方, smile\n";

  @ParameterizedTest
  @CsvSource({
    "UTF-8, ''",
    "UTF-8, EFBBBF",
    "UTF-16LE, ''",
    "UTF-16BE, ''",
    "UTF-16LE, FFFE",
    "UTF-16BE, FEFF"
  })
  void decodesUtf8AndUtf16_withOrWithoutByteOrderMark(String charset, String bom) throws Exception {
    byte[] body = CAPTION.getBytes(charset);
    byte[] mark = bom.isEmpty() ? new byte[0] : HexFormat.of().parseHex(bom);
    byte[] file = Arrays.copyOf(mark, mark.length + body.length);
    System.arraycopy(body, 0, file, mark.length, body.length);

    assertThat(CaptionText.decode(file)).isEqualTo(CAPTION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16LE", "UTF-16BE"})
  void decodesUtf16WithoutMarkHoldingOnlyAscii(String charset) throws Exception {
    byte[] file = "1girl,solo".getBytes(charset);
    assertThat(CaptionText.decode(file)).isEqualTo("1girl,solo").doesNotContain("\u0000");
  }

  @ParameterizedTest
  @CsvSource({
    // NULs on both byte positions: no UTF-16 text, and not UTF-8 either.
    "0000FF000100, holds NUL bytes but is neither UTF-8 nor UTF-16",
    // A lone high surrogate after a byte-order mark.
    "FFFE00D8, is not valid UTF-16LE (with a byte-order mark)",
    // Latin-1 é: a legacy code page.
    "636166E9, is not valid UTF-8 (a legacy code page?)"
  })
  void refusesWithTheReason(String hex, String reason) {
    byte[] file = HexFormat.of().parseHex(hex);
    assertThatThrownBy(() -> CaptionText.decode(file)).hasMessageStartingWith(reason);
  }
}
