package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoraConfigTest {

  @Test
  void defaults_areKohyas() {
    LoraConfig config = LoraConfig.defaults();

    assertThat(config.rank()).isEqualTo(4);
    assertThat(config.alpha()).isEqualTo(1f);
    assertThat(config.convRank()).isZero();
    assertThat(config.convAlpha()).isEqualTo(1f);
    assertThat(config.trainTextEncoder()).isTrue();
    assertThat(config.multiplier()).isEqualTo(1f);
  }

  @Test
  void alphaZero_meansAlphaEqualToTheRank() {
    LoraConfig config = LoraConfig.defaults().withRank(16, 0).withConv(8, 0);

    assertThat(config.alpha()).isEqualTo(16f);
    assertThat(config.convAlpha()).isEqualTo(8f);
  }

  @Test
  void withers_changeOnlyTheirSetting() {
    LoraConfig config = LoraConfig.defaults().withTrainTextEncoder(false).withMultiplier(0.5f);

    assertThat(config).isEqualTo(new LoraConfig(4, 1f, 0, 1f, false, 0.5f));
  }

  @Test
  void badSettings_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> LoraConfig.defaults().withRank(0, 1))
        .hasMessageContaining("LoraConfig.rank");
    assertThatThrownBy(() -> LoraConfig.defaults().withRank(4, -1))
        .hasMessageContaining("LoraConfig.alpha");
    assertThatThrownBy(() -> LoraConfig.defaults().withConv(-1, 1))
        .hasMessageContaining("LoraConfig.convRank");
    assertThatThrownBy(() -> LoraConfig.defaults().withConv(4, Float.NaN))
        .hasMessageContaining("LoraConfig.convAlpha");
    assertThatThrownBy(() -> LoraConfig.defaults().withMultiplier(Float.POSITIVE_INFINITY))
        .hasMessageContaining("LoraConfig.multiplier");
  }
}
