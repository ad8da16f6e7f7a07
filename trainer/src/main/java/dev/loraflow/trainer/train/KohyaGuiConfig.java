package dev.loraflow.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a LoRA config saved by the kohya GUI (bmaltais/kohya_ss, the guide's "Importing Config"
 * step: {@code confignew.json}) into our settings. Known keys map onto {@link TrainingConfig}
 * names; the GUI writes numbers as strings at times, and 0 for "unset". Keys we do not support are
 * listed, unless their value is one that changes nothing (false, empty, 0, "none").
 */
public final class KohyaGuiConfig {

  /** GUI key to our setting, where only the name differs. */
  private static final Map<String, String> RENAMED =
      Map.ofEntries(
          Map.entry("pretrained_model_name_or_path", "baseModel"),
          Map.entry("train_data_dir", "trainDataDir"),
          Map.entry("reg_data_dir", "regDataDir"),
          Map.entry("output_dir", "outputDir"),
          Map.entry("output_name", "outputName"),
          Map.entry("caption_extension", "captionExtension"),
          Map.entry("enable_bucket", "enableBucket"),
          Map.entry("min_bucket_reso", "minBucketReso"),
          Map.entry("max_bucket_reso", "maxBucketReso"),
          Map.entry("bucket_reso_steps", "bucketResoSteps"),
          Map.entry("bucket_no_upscale", "bucketNoUpscale"),
          Map.entry("flip_aug", "flipAug"),
          Map.entry("shuffle_caption", "shuffleCaption"),
          Map.entry("keep_tokens", "keepTokens"),
          Map.entry("caption_dropout_rate", "captionDropoutRate"),
          Map.entry("caption_dropout_every_n_epochs", "captionDropoutEveryNEpochs"),
          Map.entry("caption_tag_dropout_rate", "captionTagDropoutRate"),
          Map.entry("max_token_length", "maxTokenLength"),
          Map.entry("clip_skip", "clipSkip"),
          Map.entry("cache_latents_to_disk", "cacheLatentsToDisk"),
          Map.entry("prior_loss_weight", "priorLossWeight"),
          Map.entry("network_dim", "networkDim"),
          Map.entry("network_alpha", "networkAlpha"),
          Map.entry("conv_dim", "convDim"),
          Map.entry("conv_alpha", "convAlpha"),
          Map.entry("network_train_unet_only", "networkTrainUnetOnly"),
          Map.entry("network_weights", "networkWeights"),
          Map.entry("lora_network_weights", "networkWeights"),
          Map.entry("learning_rate", "learningRate"),
          Map.entry("unet_lr", "unetLr"),
          Map.entry("text_encoder_lr", "textEncoderLr"),
          Map.entry("learning_rate_te", "textEncoderLr"),
          Map.entry("optimizer", "optimizerType"),
          Map.entry("max_grad_norm", "maxGradNorm"),
          Map.entry("lr_scheduler", "lrScheduler"),
          Map.entry("lr_scheduler_num_cycles", "lrSchedulerNumCycles"),
          Map.entry("lr_scheduler_power", "lrSchedulerPower"),
          Map.entry("train_batch_size", "trainBatchSize"),
          Map.entry("gradient_accumulation_steps", "gradientAccumulationSteps"),
          Map.entry("max_train_steps", "maxTrainSteps"),
          Map.entry("max_train_epochs", "maxTrainEpochs"),
          Map.entry("epoch", "maxTrainEpochs"),
          Map.entry("seed", "seed"),
          Map.entry("noise_offset", "noiseOffset"),
          Map.entry("noise_offset_random_strength", "noiseOffsetRandomStrength"),
          Map.entry("adaptive_noise_scale", "adaptiveNoiseScale"),
          Map.entry("multires_noise_iterations", "multiresNoiseIterations"),
          Map.entry("multires_noise_discount", "multiresNoiseDiscount"),
          Map.entry("ip_noise_gamma", "ipNoiseGamma"),
          Map.entry("ip_noise_gamma_random_strength", "ipNoiseGammaRandomStrength"),
          Map.entry("min_timestep", "minTimestep"),
          Map.entry("max_timestep", "maxTimestep"),
          Map.entry("min_snr_gamma", "minSnrGamma"),
          Map.entry("debiased_estimation_loss", "debiasedEstimationLoss"),
          Map.entry("scale_weight_norms", "scaleWeightNorms"),
          Map.entry("loss_type", "lossType"),
          Map.entry("huber_c", "huberC"),
          Map.entry("mixed_precision", "mixedPrecision"),
          Map.entry("save_every_n_steps", "saveEveryNSteps"),
          Map.entry("save_every_n_epochs", "saveEveryNEpochs"),
          Map.entry("save_last_n_steps", "saveLastNSteps"),
          Map.entry("save_precision", "savePrecision"),
          Map.entry("save_state", "saveState"),
          Map.entry("resume", "resume"),
          Map.entry("training_comment", "trainingComment"));

  /** GUI keys whose 0 means "not set" rather than the number 0. */
  private static final Set<String> ZERO_IS_UNSET =
      Set.of(
          "unet_lr",
          "text_encoder_lr",
          "learning_rate_te",
          "seed",
          "clip_skip",
          "min_snr_gamma",
          "save_every_n_steps",
          "save_every_n_epochs",
          "max_train_steps",
          "max_train_epochs",
          "epoch",
          "conv_dim",
          "save_last_n_steps",
          "keep_tokens",
          "min_timestep",
          "max_timestep");

  /** The GUI's noise_offset_type picks one of these groups; it passes the other on to nobody. */
  private static final Map<String, Set<String>> NOISE_TYPES =
      Map.of(
          "Original",
          Set.of("noise_offset", "noise_offset_random_strength", "adaptive_noise_scale"),
          "Multires",
          Set.of("multires_noise_iterations", "multires_noise_discount"));

  /** GUI-only keys (its own bookkeeping) and settings that cannot change our training. */
  private static final Set<String> GUI_ONLY =
      Set.of(
          "model_list",
          "LoRA_type",
          "logging_dir",
          "log_tracker_name",
          "log_tracker_config",
          "sample_sampler", // means nothing without prompts, which are listed
          "additional_parameters",
          "max_data_loader_n_workers",
          "persistent_data_loader_workers",
          "cache_latents",
          "xformers",
          "mem_eff_attn",
          "sdpa",
          "noise_offset_type",
          "use_8bit_adam",
          "save_model_as",
          "lowram",
          "vae_batch_size",
          "wandb_api_key",
          "wandb_run_name");

  /** The settings read, and the GUI keys we could not honour (with their values). */
  public record Imported(Map<String, Object> settings, List<String> unsupported) {}

  private KohyaGuiConfig() {}

  public static Imported read(Path file) throws IOException {
    JsonNode root;
    try {
      root = TrainingConfigs.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a kohya GUI JSON config: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": not a kohya GUI JSON config (expected a JSON object)");
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    List<String> unsupported = new ArrayList<>();
    Set<String> otherNoise = otherNoiseKeys(file, root.path("noise_offset_type"));
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (otherNoise.contains(key)) {
        continue; // the GUI leaves the noise type not chosen out of the training
      }
      if (refusesSd1(key, value)) {
        throw new IOException(
            file
                + ": "
                + key
                + " is set: that config is for SD 2.x or SDXL, this trainer is SD 1.x");
      }
      String name = RENAMED.get(key);
      if (name != null) {
        Object typed = typed(key, value);
        if (typed != null) {
          settings.put(name, typed);
        }
      } else if (key.equals("max_resolution")) {
        settings.put("resolution", resolution(file, value.asText()));
      } else if (key.equals("lr_warmup")) {
        double percent = number(value);
        if (percent > 0) {
          settings.put("lrWarmupSteps", percent / 100); // the GUI's warmup is a percentage
        }
      } else if (key.equals("LoRA_type") && !isStandard(value.asText())) {
        unsupported.add(key + "=" + value.asText() + " (trained as a standard kohya LoRA)");
      } else if (key.startsWith("sample_") && !GUI_ONLY.contains(key) && !changesNothing(value)) {
        // the GUI keeps the prompts' text in the config; this trainer reads them from a file
        unsupported.add(
            key + " (write the prompts to a file and give samplePrompts, sampleEveryNSteps)");
      } else if (!GUI_ONLY.contains(key) && !changesNothing(value)) {
        unsupported.add(key + "=" + (value.isTextual() ? value.asText() : value.toString()));
      }
    }
    if (!(number(root.path("noise_offset")) > 0) || otherNoise.contains("noise_offset")) {
      settings.remove("adaptiveNoiseScale"); // the GUI passes it with a noise offset only
    }
    return new Imported(settings, List.copyOf(unsupported));
  }

  /** The noise keys of the type {@code type} does not choose; none when the config has no type. */
  private static Set<String> otherNoiseKeys(Path file, JsonNode type) throws IOException {
    if (type.isMissingNode() || type.isNull()) {
      return Set.of();
    }
    if (!NOISE_TYPES.containsKey(type.asText())) {
      throw new IOException(
          file + ": noise_offset_type '" + type.asText() + "' is not Original or Multires");
    }
    Set<String> other = new java.util.HashSet<>();
    NOISE_TYPES.forEach(
        (name, keys) -> {
          if (!name.equals(type.asText())) {
            other.addAll(keys);
          }
        });
    return other;
  }

  private static boolean refusesSd1(String key, JsonNode value) {
    return Set.of("v2", "v_parameterization", "sdxl").contains(key) && value.asBoolean(false);
  }

  private static boolean isStandard(String loraType) {
    return loraType.equals("Standard") || loraType.equals("Kohya LoCon");
  }

  /** The GUI stores "512,512" (or "512"); a non-square one is refused: we train square buckets. */
  private static int resolution(Path file, String text) throws IOException {
    String[] parts = text.split(",");
    try {
      int width = Integer.parseInt(parts[0].strip());
      if (parts.length > 1 && Integer.parseInt(parts[1].strip()) != width) {
        throw new IOException(
            file + ": max_resolution " + text + " is not square; give one size, e.g. 512,512");
      }
      return width;
    } catch (NumberFormatException e) {
      throw new IOException(file + ": max_resolution '" + text + "' is not a size like 512,512");
    }
  }

  /** The value as our setting takes it, or null when the GUI means "unset". */
  private static Object typed(String key, JsonNode value) {
    if (value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      return null;
    }
    if (ZERO_IS_UNSET.contains(key) && number(value) == 0) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    return value.asText(); // numeric strings become numbers where the setting is a number
  }

  private static double number(JsonNode value) {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    try {
      return Double.parseDouble(value.asText().strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static boolean changesNothing(JsonNode value) {
    return value.isNull()
        || (value.isBoolean() && !value.booleanValue())
        || (value.isNumber() && value.doubleValue() == 0)
        || (value.isTextual()
            && (value.asText().isBlank()
                || value.asText().equals("none")
                || value.asText().equals("0")));
  }
}
