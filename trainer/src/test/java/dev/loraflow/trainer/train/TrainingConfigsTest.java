package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigsTest {

  @Test
  void defaults_areKohyasWhereTheGuideIsSilent() {
    TrainingConfig c = TrainingConfig.defaults();
    assertThat(c.networkDim()).isEqualTo(4);
    assertThat(c.networkAlpha()).isEqualTo(1.0);
    assertThat(c.saveEveryNSteps()).isEqualTo(1000);
    assertThat(c.savePrecision()).isEqualTo(TrainingConfig.SavePrecision.FP16);
    assertThat(c.captionExtension()).isEqualTo(".txt");
    assertThat(c.maxGradNorm()).isEqualTo(1.0);
    assertThat(c.maxTrainSteps()).isNull();
  }

  @Test
  void settingsGivenAsStrings_areTypedAndUnknownNamesAreNamed() {
    TrainingConfig c = TrainingConfigs.fromMap(Map.of("networkDim", "32", "flipAug", "true"));
    assertThat(c.networkDim()).isEqualTo(32);
    assertThat(c.flipAug()).isTrue();

    assertThatThrownBy(() -> TrainingConfigs.fromMap(Map.of("netwrokDim", 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netwrokDim");
  }

  @Test
  void kohyasValueNames_becomeOurEnums_andOthersAreRefusedWithTheChoices() {
    TrainingConfig c =
        TrainingConfigs.fromMap(
            Map.of(
                "lrScheduler",
                "cosine_with_restarts",
                "savePrecision",
                "float",
                "optimizerType",
                "AdamW8bit"));
    assertThat(c.lrScheduler()).isEqualTo(LearningRateSchedule.Kind.COSINE_WITH_RESTARTS);
    assertThat(c.savePrecision()).isEqualTo(TrainingConfig.SavePrecision.FLOAT);
    assertThat(c.optimizerType()).isEqualTo(TrainingConfig.Optimizer.ADAMW8BIT);
    assertThat(TrainingConfigs.toMap(c)).containsEntry("lrScheduler", "cosine_with_restarts");

    assertThatThrownBy(() -> TrainingConfigs.fromMap(Map.of("lossType", "l3")))
        .hasMessage("lossType must be one of [l2, l1, huber, smooth_l1], got l3");
  }

  @Test
  void validate_namesEverySettingThatIsWrong() {
    TrainingConfig c =
        TrainingConfigs.fromMap(
            Map.of(
                "trainDataDir",
                "img",
                "baseModel",
                "m.safetensors",
                "clipSkip",
                0,
                "maxTokenLength",
                100));
    assertThatThrownBy(() -> TrainingConfigs.validate(c))
        .hasMessageContaining("clipSkip must be 1 or more")
        .hasMessageContaining("maxTokenLength must be 75, 150 or 225");

    TrainingConfig warmupOnConstant =
        TrainingConfigs.fromMap(
            Map.of("trainDataDir", "img", "baseModel", "m", "lrWarmupSteps", 10));
    assertThatThrownBy(() -> TrainingConfigs.validate(warmupOnConstant))
        .hasMessageContaining("lrWarmupSteps needs lrScheduler constant_with_warmup");
    assertThatThrownBy(() -> TrainingConfigs.validate(TrainingConfig.defaults()))
        .hasMessageContaining("trainDataDir is required")
        .hasMessageContaining("baseModel is required");
  }

  @Test
  void writeThenRead_keepsEverySetting(@TempDir Path tmp) throws Exception {
    TrainingConfig c =
        TrainingConfigs.merge(
            TrainingConfig.defaults(), Map.of("trainDataDir", "img", "unetLr", 3e-4, "seed", 7L));
    Path file = tmp.resolve("config.json");
    TrainingConfigs.write(c, file);
    assertThat(TrainingConfigs.read(file)).isEqualTo(c);
    assertThat(Files.readString(file)).contains("\"unetLr\" : 3.0E-4");
  }

  @Test
  void planCountsStepsAsKohya() {
    TrainingConfig c = TrainingConfigs.fromMap(Map.of("gradientAccumulationSteps", 2));
    RunPlan byDefault = RunPlan.of(c, 1001);
    assertThat(byDefault.stepsPerEpoch()).isEqualTo(501);
    assertThat(byDefault.epochs()).isEqualTo(RunPlan.DEFAULT_EPOCHS);
    assertThat(byDefault.totalSteps()).isEqualTo(1503);

    RunPlan bySteps = RunPlan.of(TrainingConfigs.fromMap(Map.of("maxTrainSteps", 2500)), 1000);
    assertThat(bySteps.epochs()).isEqualTo(3);
    RunPlan warm =
        RunPlan.of(
            TrainingConfigs.fromMap(Map.of("maxTrainEpochs", 2, "lrWarmupSteps", 0.1)), 1000);
    assertThat(warm.totalSteps()).isEqualTo(2000);
    assertThat(warm.warmupSteps()).isEqualTo(200);
  }
}
