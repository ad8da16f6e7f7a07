package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Any rules file, read in the text form and in the JSON form as {@link TagRulesFile#read} would,
 * either gives rules that apply to a caption, or is refused with an IllegalArgumentException naming
 * the file: never a NullPointerException or an exception of Jackson's. Without JAZZER_FUZZ this
 * replays the committed inputs in {@code TagRulesFileFuzzTestInputs/rules/}.
 */
class TagRulesFileFuzzTest {

  private static final List<String> CAPTION =
      List.of("1girl", "red_hair", "Smile", "(cosplay)", "hat");

  @FuzzTest(maxDuration = "20s")
  void rules(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    check("rules.txt", text, TagRulesFile::parseText);
    check("rules.json", text, TagRulesFile::parseJson);
  }

  private static void check(
      String origin, String text, BiFunction<String, String, TagRules> parse) {
    TagRules rules;
    try {
      rules = parse.apply(origin, text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains(origin);
      return;
    }
    assertThat(rules.apply(CAPTION)).doesNotContainNull().doesNotContain("");
  }
}
