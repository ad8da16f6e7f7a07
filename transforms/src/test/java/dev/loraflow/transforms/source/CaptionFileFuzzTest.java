package dev.loraflow.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * Any caption file either gives trimmed, non-empty tags free of separators, or is refused as not
 * UTF-8 with a {@link CharacterCodingException}. Without JAZZER_FUZZ this replays the committed
 * inputs in {@code CaptionFileFuzzTestInputs/caption/}.
 */
class CaptionFileFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void caption(byte[] bytes) {
    List<String> tags;
    try {
      tags = CaptionFile.parse(bytes);
    } catch (CharacterCodingException notUtf8) {
      return;
    }
    for (String tag : tags) {
      assertThat(tag).isNotEmpty().isEqualTo(tag.trim()).doesNotContain(",", "\r", "\n");
    }
  }
}
