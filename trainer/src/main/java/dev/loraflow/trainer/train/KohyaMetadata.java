package dev.loraflow.trainer.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loraflow.trainer.io.SafetensorsHashes;
import dev.loraflow.trainer.io.TensorStore;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code __metadata__} of a LoRA file as kohya's train_network writes it: the {@code ss_*} keys
 * (all strings) that A1111's and civitai's LoRA pages read, the {@code sshs_*} hashes and the SAI
 * {@code modelspec.*} keys. Nothing secret goes in: paths are reduced to folder names.
 */
public final class KohyaMetadata {

  /** What the run knows at its start, fixed for every checkpoint it writes. */
  public record RunFacts(
      TrainingConfig config,
      String outputName,
      long seed,
      long sessionId,
      Instant startedAt,
      int totalSteps,
      int epochs,
      int batchesPerEpoch,
      int warmupSteps,
      int trainImagesWithRepeats,
      int regImages,
      Map<String, Map<String, Integer>> datasetDirs,
      Map<String, Map<String, Integer>> regDatasetDirs,
      Map<String, Map<String, Integer>> tagFrequency,
      String baseModelName,
      String baseModelLegacyHash,
      String optimizerName) {}

  private KohyaMetadata() {}

  /** The {@code ss_*} keys of a checkpoint saved after {@code step} steps in {@code epoch}. */
  public static Map<String, String> training(RunFacts facts, long step, int epoch, Instant now) {
    TrainingConfig c = facts.config();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ss_session_id", Long.toString(facts.sessionId()));
    m.put("ss_training_started_at", Long.toString(facts.startedAt().getEpochSecond()));
    m.put("ss_output_name", facts.outputName());
    m.put("ss_learning_rate", Double.toString(c.learningRate()));
    m.put("ss_text_encoder_lr", Double.toString(c.effectiveTextEncoderLr()));
    m.put("ss_unet_lr", Double.toString(c.effectiveUnetLr()));
    m.put("ss_num_train_images", Integer.toString(facts.trainImagesWithRepeats()));
    m.put("ss_num_validation_images", "0");
    m.put("ss_num_reg_images", Integer.toString(facts.regImages()));
    m.put("ss_num_batches_per_epoch", Integer.toString(facts.batchesPerEpoch()));
    m.put("ss_num_epochs", Integer.toString(facts.epochs()));
    m.put("ss_gradient_checkpointing", "False");
    m.put("ss_gradient_accumulation_steps", c.gradientAccumulationSteps().toString());
    m.put("ss_max_train_steps", Integer.toString(facts.totalSteps()));
    m.put("ss_lr_warmup_steps", Integer.toString(facts.warmupSteps()));
    m.put("ss_lr_scheduler", TrainingConfigs.name(c.lrScheduler()));
    m.put("ss_network_module", "networks.lora");
    m.put("ss_network_dim", c.networkDim().toString());
    m.put("ss_network_alpha", c.networkAlpha().toString());
    m.put("ss_network_dropout", "None");
    if (c.convDim() > 0) {
      m.put("ss_network_args", json(Map.of("conv_dim", c.convDim(), "conv_alpha", c.convAlpha())));
    }
    // bf16 is trained as fp16 (DJL cannot hold bfloat16 arrays)
    m.put(
        "ss_mixed_precision",
        c.mixedPrecision() == TrainingConfig.MixedPrecision.NO ? "no" : "fp16");
    m.put("ss_full_fp16", "False");
    m.put("ss_v2", "False");
    m.put("ss_base_model_version", "sd_v1");
    m.put("ss_clip_skip", c.clipSkip().toString());
    m.put("ss_max_token_length", c.maxTokenLength().toString());
    m.put("ss_cache_latents", "True");
    m.put("ss_seed", Long.toString(facts.seed()));
    m.put("ss_lowram", "False");
    m.put("ss_noise_offset", c.noiseOffset().toString());
    m.put("ss_multires_noise_iterations", noneIfZero(c.multiresNoiseIterations()));
    m.put("ss_multires_noise_discount", c.multiresNoiseDiscount().toString());
    m.put("ss_adaptive_noise_scale", noneIfZero(c.adaptiveNoiseScale()));
    m.put("ss_zero_terminal_snr", "False");
    m.put("ss_training_comment", c.trainingComment().isEmpty() ? "None" : c.trainingComment());
    m.put("ss_sd_scripts_commit_hash", "loraflow");
    m.put("ss_optimizer", facts.optimizerName());
    m.put("ss_max_grad_norm", c.maxGradNorm().toString());
    m.put("ss_caption_dropout_rate", c.captionDropoutRate().toString());
    m.put("ss_caption_dropout_every_n_epochs", c.captionDropoutEveryNEpochs().toString());
    m.put("ss_caption_tag_dropout_rate", c.captionTagDropoutRate().toString());
    m.put("ss_face_crop_aug_range", "None");
    m.put("ss_prior_loss_weight", c.priorLossWeight().toString());
    m.put("ss_min_snr_gamma", c.minSnrGamma() > 0 ? c.minSnrGamma().toString() : "None");
    m.put("ss_scale_weight_norms", noneIfZero(c.scaleWeightNorms()));
    m.put("ss_ip_noise_gamma", noneIfZero(c.ipNoiseGamma()));
    m.put("ss_debiased_estimation", pythonBool(c.debiasedEstimationLoss()));
    m.put("ss_noise_offset_random_strength", pythonBool(c.noiseOffsetRandomStrength()));
    m.put("ss_ip_noise_gamma_random_strength", pythonBool(c.ipNoiseGammaRandomStrength()));
    m.put("ss_loss_type", TrainingConfigs.name(c.lossType()));
    m.put("ss_huber_schedule", "snr");
    m.put("ss_huber_scale", "1");
    m.put("ss_huber_c", c.huberC().toString());
    m.put("ss_fp8_base", "False");
    m.put("ss_fp8_base_unet", "False");
    m.put("ss_batch_size_per_device", c.trainBatchSize().toString());
    m.put(
        "ss_total_batch_size",
        Integer.toString(c.trainBatchSize() * c.gradientAccumulationSteps()));
    m.put("ss_resolution", "(" + c.resolution() + ", " + c.resolution() + ")");
    m.put("ss_color_aug", "False");
    m.put("ss_flip_aug", pythonBool(c.flipAug()));
    m.put("ss_random_crop", "False");
    m.put("ss_shuffle_caption", pythonBool(c.shuffleCaption()));
    m.put("ss_enable_bucket", pythonBool(c.enableBucket()));
    m.put("ss_bucket_no_upscale", pythonBool(c.bucketNoUpscale()));
    m.put("ss_min_bucket_reso", c.minBucketReso().toString());
    m.put("ss_max_bucket_reso", c.maxBucketReso().toString());
    m.put("ss_keep_tokens", c.keepTokens().toString());
    m.put("ss_dataset_dirs", json(facts.datasetDirs()));
    m.put("ss_reg_dataset_dirs", json(facts.regDatasetDirs()));
    m.put("ss_tag_frequency", json(facts.tagFrequency()));
    if (facts.baseModelName() != null) {
      m.put("ss_sd_model_name", facts.baseModelName());
      m.put("ss_sd_model_hash", facts.baseModelLegacyHash());
    }
    m.put("ss_training_finished_at", Long.toString(now.getEpochSecond()));
    m.put("ss_steps", Long.toString(step));
    m.put("ss_epoch", Integer.toString(epoch));
    return m;
  }

  /**
   * The full header of a checkpoint: the {@code ss_*} keys, the hashes of the tensors with just
   * those keys (as kohya computes them), then the modelspec keys.
   */
  public static Map<String, String> complete(
      Map<String, String> training, TensorStore tensors, RunFacts facts, Instant now)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(training);
    SafetensorsHashes.Hashes hashes = SafetensorsHashes.of(tensors, training);
    all.put("sshs_model_hash", hashes.model());
    all.put("sshs_legacy_hash", hashes.legacy());
    all.put("modelspec.sai_model_spec", "1.0.1");
    all.put("modelspec.architecture", "stable-diffusion-v1/lora");
    all.put("modelspec.implementation", "diffusers");
    all.put("modelspec.title", facts.outputName());
    all.put(
        "modelspec.resolution", facts.config().resolution() + "x" + facts.config().resolution());
    all.put("modelspec.prediction_type", "epsilon");
    all.put(
        "modelspec.date",
        DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(now.atOffset(ZoneOffset.UTC).withNano(0)));
    all.put("modelspec.hash_sha256", "0x" + hashes.model());
    return all;
  }

  // kohya writes None for an option left off
  private static String noneIfZero(Number value) {
    return value.doubleValue() == 0 ? "None" : value.toString();
  }

  private static String pythonBool(boolean value) {
    return value ? "True" : "False";
  }

  private static String json(Object value) {
    try {
      return TrainingConfigs.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of names and numbers always serialize", e);
    }
  }
}
