package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagRulesFileTest {
  private static final List<String> CAPTION =
      List.of("1girl", "red_hair", "red boots", "smile", "(cosplay)");

  @Test
  void readsTheTextForm(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.txt");
    Files.writeString(
        file,
        "# chun-li\nremove: red hair\nreplace: red_boots -> red footwear, boots\nfirst: chun-li\nlast: sharp focus\nescape parentheses\n");
    TagRules rules = TagRulesFile.read(file.toString());
    assertThat(rules.apply(CAPTION))
        .containsExactly(
            "chun-li", "1girl", "red footwear", "boots", "smile", "\\(cosplay\\)", "sharp focus");
  }

  @Test
  void readsTheJsonForm(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        "{\"remove\": [\"red hair\"], \"replace\": {\"red_boots\": [\"red footwear\", \"boots\"]},"
            + " \"first\": [\"chun-li\"], \"last\": [\"sharp focus\"], \"escapeParentheses\": true}");
    assertThat(TagRulesFile.read(file.toString()).apply(CAPTION))
        .containsExactly(
            "chun-li", "1girl", "red footwear", "boots", "smile", "\\(cosplay\\)", "sharp focus");
  }

  @Test
  void namesFileAndLineOfABadRule() {
    assertThatThrownBy(() -> TagRulesFile.parseText("my.rules", "remove: a\ndelete: b\n"))
        .hasMessage("rules file my.rules line 2 ('delete: b'): unknown rule 'delete'");
    assertThatThrownBy(() -> TagRulesFile.parseText("my.rules", "replace: a, b\n"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("->");
  }

  @Test
  void namesTheFileOfBadJson() {
    assertThatThrownBy(
            () -> TagRulesFile.parseJson("r.json", "{\"remove\": [\"a\"], \"bogus\": 1}"))
        .hasMessageStartingWith("rules file r.json is not valid rules JSON");
  }

  // The inputs below were found by TagRulesFileFuzzTest (a NullPointerException, or a message
  // that named neither file nor line).
  @Test
  void namesFileAndLineOfAReplaceRuleWithoutATag() {
    assertThatThrownBy(() -> TagRulesFile.parseText("my.rules", "remove: a\nreplace:-> b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "rules file my.rules line 2 ('replace:-> b'): replace rule has an empty tag to replace");
  }

  @Test
  void refusesJsonNullsNamingTheFile() {
    assertThatThrownBy(() -> TagRulesFile.parseJson("r.json", "null"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules file r.json is not valid rules JSON: expected an object, got null");
    assertThatThrownBy(() -> TagRulesFile.parseJson("r.json", "{\"remove\": [\"a\", null]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "rules file r.json is not valid rules JSON: remove must be a list of tags, without"
                + " null");
    assertThatThrownBy(() -> TagRulesFile.parseJson("r.json", "{\"replace\": {\"a\": null}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rules file r.json is not valid rules JSON: replace \"a\" must");
  }

  @Test
  void namesTheFileOfAJsonReplaceRuleWithoutATag() {
    assertThatThrownBy(() -> TagRulesFile.parseJson("r.json", "{\"replace\": {\" \": [\"b\"]}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules file r.json: replace rule has an empty tag to replace");
  }

  @Test
  void namesTheOptionWhenTheFileIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> TagRulesFile.read(dir.resolve("none.txt").toString()))
        .hasMessageStartingWith("TagRulesFile.read(path): '");
  }
}
