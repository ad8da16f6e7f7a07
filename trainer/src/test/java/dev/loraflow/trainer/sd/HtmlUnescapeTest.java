package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class HtmlUnescapeTest {

  /**
   * {@code clip/html_unescape.json} holds Python's own answers: every HTML5 name with and without
   * {@code ;} (and the legacy ones with a suffix), numeric references around every boundary, and
   * the odd cases, each as {@code [input, html.unescape(input)]}, written by CPython 3.11.
   */
  @Test
  void givesPythonsAnswer_forEveryNamedAndBoundaryNumericReference() throws Exception {
    JsonNode reference;
    try (InputStream in = getClass().getResourceAsStream("/clip/html_unescape.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    JsonNode cases = reference.get("cases");
    assertThat(cases.size()).isGreaterThan(5000);
    SoftAssertions softly = new SoftAssertions();
    for (JsonNode pair : cases) {
      String input = pair.get(0).textValue();
      softly.assertThat(HtmlUnescape.unescape(input)).as(input).isEqualTo(pair.get(1).textValue());
    }
    softly.assertAll();
  }

  @Test
  void givenCaptionsThatUsedToAbortTraining_tokenizesThemAsClipDoes() {
    ClipTokenizer tokenizer = ClipTokenizer.sd15();

    assertThat(ClipTokenizer.clean("a &#1114112; b &#99999999999; c &#0; d"))
        .isEqualTo("a \uFFFD b \uFFFD c \uFFFD d");
    assertThat(ClipTokenizer.clean("wait&hellip; tom &amp jerry &AMP;amp;"))
        .isEqualTo("wait\u2026 tom & jerry &");
    assertThat(tokenizer.encode("1girl, &#99999999999;, solo")).isNotEmpty();
  }
}
