package dev.loraflow.transforms.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppearanceTagsTest {
  private final AppearanceTags defaults = AppearanceTags.defaults();

  @Test
  void defaults_takeHairEyesAndOutfit() {
    assertThat(ReimuDataset.HAIR).allMatch(defaults::matches);
    assertThat(ReimuDataset.OUTFIT).allMatch(defaults::matches);
    assertThat(List.of("red eyes", "blonde hair", "business suit", "bikini", "twintails"))
        .allMatch(defaults::matches);
  }

  @Test
  void defaults_leaveCompositionExpressionAndBackground() {
    assertThat(
            List.of(
                "1girl",
                "solo",
                "looking at viewer",
                "upper body",
                "simple background",
                "white background",
                "blush",
                "closed mouth",
                "smile",
                "closed eyes",
                "half-closed eyes",
                "hand in own hair",
                "floating hair",
                "outdoors"))
        .noneMatch(defaults::matches);
  }

  @Test
  void patternsAreNormalized_andExceptionsWin() {
    AppearanceTags tags = AppearanceTags.of(List.of("*_Hair", "!wet hair"));
    assertThat(tags.matches("brown hair")).isTrue();
    assertThat(tags.matches("wet hair")).isFalse();
    assertThat(tags.matches("red eyes")).isFalse();
    assertThatThrownBy(() -> AppearanceTags.of(List.of("!*")))
        .hasMessage("AppearanceTags.of: pattern '!*' names no tag");
  }
}
