package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loraflow.trainer.train.LearningRateSchedule.Kind;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  private static final double BASE = 1e-4;

  @Test
  void constant_isTheBaseRateThroughout() {
    LearningRateSchedule schedule = LearningRateSchedule.create(Kind.CONSTANT, BASE, 100, 0);

    assertThat(schedule.lr(0)).isEqualTo(BASE);
    assertThat(schedule.lr(99)).isEqualTo(BASE);
  }

  @Test
  void constantWithWarmup_risesLinearlyFromZero() {
    LearningRateSchedule schedule =
        LearningRateSchedule.create(Kind.CONSTANT_WITH_WARMUP, BASE, 100, 10);

    assertThat(schedule.factor(0)).isZero();
    assertThat(schedule.factor(5)).isEqualTo(0.5);
    assertThat(schedule.factor(10)).isEqualTo(1);
    assertThat(schedule.factor(99)).isEqualTo(1);
  }

  @Test
  void linear_fallsToZeroAtTheEnd() {
    LearningRateSchedule schedule = LearningRateSchedule.create(Kind.LINEAR, BASE, 100, 10);

    assertThat(schedule.factor(10)).isEqualTo(1);
    assertThat(schedule.factor(55)).isEqualTo(0.5);
    assertThat(schedule.lr(100)).isZero();
    assertThat(schedule.lr(120)).isZero();
  }

  @Test
  void cosine_isHalfTheRateHalfWayAfterWarmup() {
    LearningRateSchedule schedule = LearningRateSchedule.create(Kind.COSINE, BASE, 110, 10);

    assertThat(schedule.factor(5)).isEqualTo(0.5);
    assertThat(schedule.lr(10)).isEqualTo(BASE);
    assertThat(schedule.lr(60)).isCloseTo(0.5 * BASE, within(1e-18));
    assertThat(schedule.factor(35)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-15));
    assertThat(schedule.factor(110)).isCloseTo(0, within(1e-15));
  }

  @Test
  void cosineWithRestarts_restartsEachCycle() {
    LearningRateSchedule schedule =
        LearningRateSchedule.create(Kind.COSINE_WITH_RESTARTS, BASE, 100, 0).withNumCycles(2);

    assertThat(schedule.factor(25)).isCloseTo(0.5, within(1e-15));
    assertThat(schedule.factor(49)).isLessThan(0.01);
    assertThat(schedule.factor(50)).isEqualTo(1);
    assertThat(schedule.factor(75)).isCloseTo(0.5, within(1e-15));
    assertThat(schedule.factor(100)).isZero();
  }

  @Test
  void polynomial_decaysToItsEndRate() {
    LearningRateSchedule schedule =
        LearningRateSchedule.create(Kind.POLYNOMIAL, 1e-3, 100, 0).withPower(2);

    assertThat(schedule.lr(0)).isCloseTo(1e-3, within(1e-18));
    assertThat(schedule.lr(50)).isCloseTo((1e-3 - 1e-7) * 0.25 + 1e-7, within(1e-18));
    assertThat(schedule.lr(100)).isCloseTo(1e-7, within(1e-18));
    assertThat(schedule.lr(150)).isCloseTo(1e-7, within(1e-18));
  }

  @Test
  void warmupBelowOne_isAFractionOfTheTotalRoundedDown() {
    assertThat(LearningRateSchedule.create(Kind.LINEAR, BASE, 105, 0.1).warmupSteps())
        .isEqualTo(10);
    assertThat(LearningRateSchedule.create(Kind.LINEAR, BASE, 105, 7).warmupSteps()).isEqualTo(7);
  }

  @Test
  void warmupOnConstant_isAnErrorNamingTheSetting() {
    assertThatThrownBy(() -> LearningRateSchedule.create(Kind.CONSTANT, BASE, 100, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lr_warmup_steps")
        .hasMessageContaining("constant_with_warmup");
  }

  @Test
  void fractionalStepCount_isRefused() {
    assertThatThrownBy(() -> LearningRateSchedule.create(Kind.LINEAR, BASE, 100, 2.5))
        .hasMessageContaining("lr_warmup_steps");
  }
}
