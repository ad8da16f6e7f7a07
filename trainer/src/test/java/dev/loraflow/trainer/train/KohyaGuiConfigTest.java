package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config as the kohya GUI saves it (numbers as strings, 0 for unset, a percent warmup). */
class KohyaGuiConfigTest {

  private static final String GUI_JSON =
      """
      {
        "LoRA_type": "Standard",
        "pretrained_model_name_or_path": "/models/animefull-final-pruned.ckpt",
        "train_data_dir": "/data/reimu/img",
        "output_dir": "/data/reimu/model",
        "output_name": "reimu",
        "logging_dir": "",
        "max_resolution": "512,512",
        "learning_rate": "0.0001",
        "text_encoder_lr": "5e-5",
        "unet_lr": "0.0001",
        "lr_scheduler": "cosine",
        "lr_warmup": "10",
        "train_batch_size": 2,
        "epoch": "3",
        "save_every_n_epochs": "1",
        "mixed_precision": "fp16",
        "save_precision": "fp16",
        "seed": "1234",
        "clip_skip": "2",
        "network_dim": 128,
        "network_alpha": 128,
        "optimizer": "AdamW8bit",
        "caption_extension": ".txt",
        "shuffle_caption": true,
        "keep_tokens": "1",
        "max_token_length": "225",
        "min_snr_gamma": 0,
        "scale_weight_norms": "1",
        "debiased_estimation_loss": true,
        "enable_bucket": true,
        "xformers": true,
        "color_aug": false,
        "random_crop": true,
        "multires_noise_iterations": "6",
        "max_train_steps": "0",
        "sample_every_n_steps": 200,
        "sample_every_n_epochs": 0,
        "sample_prompts": "1girl --w 512",
        "sample_sampler": "euler_a"
      }
      """;

  @Test
  void knownKeysMapOntoOurSettings_andTheRestIsListed(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("confignew.json");
    Files.writeString(file, GUI_JSON);

    KohyaGuiConfig.Imported imported = KohyaGuiConfig.read(file);
    TrainingConfig c = TrainingConfigs.fromMap(imported.settings());

    assertThat(c.baseModel()).isEqualTo("/models/animefull-final-pruned.ckpt");
    assertThat(c.trainDataDir()).isEqualTo("/data/reimu/img");
    assertThat(c.outputName()).isEqualTo("reimu");
    assertThat(c.resolution()).isEqualTo(512);
    assertThat(c.textEncoderLr()).isEqualTo(5e-5);
    assertThat(c.lrScheduler()).isEqualTo(LearningRateSchedule.Kind.COSINE);
    assertThat(c.lrWarmupSteps()).isEqualTo(0.1); // 10 percent
    assertThat(c.maxTrainEpochs()).isEqualTo(3);
    assertThat(c.maxTrainSteps()).isNull(); // "0" is unset
    assertThat(c.saveEveryNEpochs()).isEqualTo(1);
    assertThat(c.seed()).isEqualTo(1234L);
    assertThat(c.clipSkip()).isEqualTo(2);
    assertThat(c.networkDim()).isEqualTo(128);
    assertThat(c.networkAlpha()).isEqualTo(128.0);
    assertThat(c.keepTokens()).isEqualTo(1);
    assertThat(c.maxTokenLength()).isEqualTo(225);
    assertThat(c.minSnrGamma()).isEqualTo(0.0);
    assertThat(c.optimizerType()).isEqualTo(TrainingConfig.Optimizer.ADAMW8BIT);
    assertThat(c.multiresNoiseIterations()).isEqualTo(6); // no noise_offset_type: as given
    assertThat(c.scaleWeightNorms()).isEqualTo(1.0);
    assertThat(c.debiasedEstimationLoss()).isTrue();
    assertThat(imported.unsupported())
        .containsExactlyInAnyOrder(
            "random_crop=true",
            "sample_every_n_steps (write the prompts to a file and give samplePrompts,"
                + " sampleEveryNSteps)",
            "sample_prompts (write the prompts to a file and give samplePrompts,"
                + " sampleEveryNSteps)");
  }

  @Test
  void theNoiseTypeTheGuiDidNotChoose_isLeftOut(@TempDir Path tmp) throws Exception {
    String noise =
        "\"noise_offset\": \"0.05\", \"adaptive_noise_scale\": \"0.01\","
            + " \"multires_noise_iterations\": 8, \"multires_noise_discount\": 0.2,"
            + " \"ip_noise_gamma\": 0.1, \"min_timestep\": 0, \"max_timestep\": 900";
    Path original = tmp.resolve("original.json");
    Files.writeString(original, "{\"noise_offset_type\": \"Original\", " + noise + "}");
    Path multires = tmp.resolve("multires.json");
    Files.writeString(multires, "{\"noise_offset_type\": \"Multires\", " + noise + "}");

    TrainingConfig o = TrainingConfigs.fromMap(KohyaGuiConfig.read(original).settings());
    TrainingConfig m = TrainingConfigs.fromMap(KohyaGuiConfig.read(multires).settings());

    assertThat(o.noiseOffset()).isEqualTo(0.05);
    assertThat(o.adaptiveNoiseScale()).isEqualTo(0.01);
    assertThat(o.multiresNoiseIterations()).isZero();
    assertThat(m.noiseOffset()).isZero();
    assertThat(m.adaptiveNoiseScale()).isZero(); // the GUI passes it with the offset only
    assertThat(m.multiresNoiseIterations()).isEqualTo(8);
    assertThat(m.multiresNoiseDiscount()).isEqualTo(0.2);
    for (TrainingConfig c : java.util.List.of(o, m)) {
      assertThat(c.ipNoiseGamma()).isEqualTo(0.1);
      assertThat(c.minTimestep()).isZero();
      assertThat(c.maxTimestep()).isEqualTo(900);
    }
    assertThat(KohyaGuiConfig.read(original).unsupported()).isEmpty();
  }

  @Test
  void anSdxlOrV2Config_isRefusedNamingTheKey(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("sdxl.json");
    Files.writeString(file, "{\"sdxl\": true, \"network_dim\": 8}");
    assertThatThrownBy(() -> KohyaGuiConfig.read(file))
        .hasMessageContaining("sdxl.json")
        .hasMessageContaining("sdxl is set");
  }

  @Test
  void notJson_isAnErrorNamingTheFile(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("config.toml");
    Files.writeString(file, "[model]\nname = 1\n");
    assertThatThrownBy(() -> KohyaGuiConfig.read(file))
        .hasMessageContaining("config.toml: not a kohya GUI JSON config");
  }
}
