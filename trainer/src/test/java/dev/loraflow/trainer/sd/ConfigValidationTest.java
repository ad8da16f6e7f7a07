package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad sizes fail when the config is made, naming the field. */
class ConfigValidationTest {

  @Test
  void unetConfig_namesTheBadField() {
    assertThatThrownBy(
            () -> new UNetConfig(4, 4, 320, List.of(1, 2), 2, List.of(true, true), 0, 768, 1, 32))
        .hasMessageContaining("numHeads must be positive");
    assertThatThrownBy(
            () -> new UNetConfig(4, 4, 320, List.of(1, 2), 2, List.of(true), 8, 768, 1, 32))
        .hasMessageContaining("attentionLevels has 1 entries for 2 channelMult levels");
    assertThatThrownBy(() -> new UNetConfig(4, 4, 48, List.of(1), 2, List.of(true), 8, 768, 1, 32))
        .hasMessageContaining("divisible by normGroups 32");
  }

  @Test
  void clipAndVaeConfigs_nameTheBadField() {
    assertThatThrownBy(() -> new ClipTextConfig(49408, 768, 77, 12, 5, 3072))
        .hasMessageContaining("width 768 is not divisible by heads 5");
    assertThatThrownBy(() -> new VaeConfig(3, 3, 128, List.of(), 2, 4, 4, 32))
        .hasMessageContaining("channelMult must name at least one level");
    assertThatThrownBy(() -> new VaeConfig(3, 3, 128, List.of(1), 0, 4, 4, 32))
        .hasMessageContaining("numResBlocks must be positive");
  }

  @Test
  void inferringFromAnUnrelatedCheckpoint_namesTheMissingKey() {
    assertThatThrownBy(() -> UNetConfig.fromShapes(java.util.Map.of(), 8))
        .hasMessageContaining("checkpoint has no 'input_blocks.0.0.weight'");
  }
}
