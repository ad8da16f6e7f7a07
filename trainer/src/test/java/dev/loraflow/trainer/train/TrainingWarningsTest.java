package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingWarningsTest {

  @Test
  void theGuidesSettings_giveNoWarning() {
    assertThat(TrainingWarnings.check(3000, 3, 3e-4, "AdamW")).isEmpty();
    assertThat(TrainingWarnings.check(3500, 1, 1e-3, "adamw")).isEmpty();
  }

  @Test
  void moreThan3500Steps_overbakes() {
    List<String> warnings = TrainingWarnings.check(3501, 1, 1e-4, "AdamW");

    assertThat(warnings).singleElement().asString().contains("3501", "3500", "overbakes");
  }

  @Test
  void learningRateNotScaledWithTheBatch_isFlaggedBeyondTwiceOff() {
    assertThat(TrainingWarnings.check(1000, 3, 1e-4, "AdamW"))
        .singleElement()
        .asString()
        .contains("batch size 3", "3.00e-04");
    assertThat(TrainingWarnings.check(1000, 4, 9e-4, "AdamW")).hasSize(1);
    assertThat(TrainingWarnings.check(1000, 4, 2e-4, "AdamW")).isEmpty();
    assertThat(TrainingWarnings.check(1000, 4, 8e-4, "AdamW")).isEmpty();
  }

  @Test
  void adamW8bit_isReplacedByAdamWWithOneMessage() {
    assertThat(TrainingWarnings.check(1000, 1, 1e-4, "AdamW8bit"))
        .containsExactly("optimizer AdamW8bit is not available on DJL, using AdamW");
  }
}
