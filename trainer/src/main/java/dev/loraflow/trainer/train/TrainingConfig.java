package dev.loraflow.trainer.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.nio.file.Path;

/**
 * Every setting of a LoRA training run, named as kohya sd-scripts names its arguments but in
 * lowerCamel ({@code --network_dim} is {@code networkDim}). Each default is written once, here: a
 * null component takes it. The command line, the recipes and the kohya GUI import all fill this
 * record, so the descriptions below are the options' help texts.
 */
public record TrainingConfig(
    // --- dataset ---
    @JsonPropertyDescription("Folder holding the {repeats}_{name} image folders (kohya's img/).")
        String trainDataDir,
    @JsonPropertyDescription("Folder of {repeats}_{class} regularisation image folders.")
        String regDataDir,
    @JsonPropertyDescription("Extension of the caption files beside the images.")
        String captionExtension,
    @JsonPropertyDescription(
            "Training resolution in pixels (512 for SD 1.x, 768 for some finetunes).")
        Integer resolution,
    @JsonPropertyDescription("Aspect-ratio buckets; off, every image is cropped to a square.")
        Boolean enableBucket,
    @JsonPropertyDescription("Smallest bucket side, in pixels.") Integer minBucketReso,
    @JsonPropertyDescription("Largest bucket side, in pixels.") Integer maxBucketReso,
    @JsonPropertyDescription("Bucket sides are multiples of this, in pixels.")
        Integer bucketResoSteps,
    @JsonPropertyDescription("Never enlarge an image to fit a bucket.") Boolean bucketNoUpscale,
    @JsonPropertyDescription("Also train on each image mirrored left to right.") Boolean flipAug,
    @JsonPropertyDescription("Shuffle the comma-separated tags of each caption at every step.")
        Boolean shuffleCaption,
    @JsonPropertyDescription("Leading tags that shuffling and tag dropout leave in place.")
        Integer keepTokens,
    @JsonPropertyDescription("Chance (0..1) that a whole caption is left out at a step.")
        Double captionDropoutRate,
    @JsonPropertyDescription("Leave every caption out on each N-th epoch (0 = never).")
        Integer captionDropoutEveryNEpochs,
    @JsonPropertyDescription("Chance (0..1) that each tag outside the kept ones is left out.")
        Double captionTagDropoutRate,
    @JsonPropertyDescription("Caption length in tokens: 75, 150 or 225.") Integer maxTokenLength,
    @JsonPropertyDescription(
            "Text-encoder layers skipped from the end: 2 for NovelAI-based models, 1 for SD 1.5.")
        Integer clipSkip,
    @JsonPropertyDescription("Keep the encoded latents on disk beside the output, for reruns.")
        Boolean cacheLatentsToDisk,
    @JsonPropertyDescription("Loss weight of regularisation images.") Double priorLossWeight,
    // --- model and network ---
    @JsonPropertyDescription(
            "The SD 1.x base model: a .safetensors or .ckpt file, or one on Hugging Face"
                + " (hf:owner/name/file.safetensors, hf:owner/name@revision/file, or the file's"
                + " https://huggingface.co/... address), downloaded once into modelCacheDir.")
        String baseModel,
    @JsonPropertyDescription(
            "Where base models from Hugging Face are kept (default ~/.cache/loraflow/models).")
        String modelCacheDir,
    @JsonPropertyDescription("LoRA rank (network_dim).") Integer networkDim,
    @JsonPropertyDescription("LoRA alpha: the update is scaled by alpha / rank.")
        Double networkAlpha,
    @JsonPropertyDescription(
            "Rank of the LoRA on the ResBlock and resampling 3x3 convolutions (0 = none).")
        Integer convDim,
    @JsonPropertyDescription("Alpha of the 3x3 convolution LoRA.") Double convAlpha,
    @JsonPropertyDescription("Train the UNet's LoRA only, not the text encoder's.")
        Boolean networkTrainUnetOnly,
    @JsonPropertyDescription("A kohya LoRA file to start from instead of zero.")
        String networkWeights,
    // --- optimizer and schedule ---
    @JsonPropertyDescription("Learning rate of both parts unless unetLr / textEncoderLr is set.")
        Double learningRate,
    @JsonPropertyDescription("Learning rate of the UNet LoRA.") Double unetLr,
    @JsonPropertyDescription("Learning rate of the text-encoder LoRA.") Double textEncoderLr,
    @JsonPropertyDescription("adamw, or adamw8bit (taken as adamw: DJL has no 8-bit optimizer).")
        Optimizer optimizerType,
    @JsonPropertyDescription("AdamW's decoupled weight decay.") Double weightDecay,
    @JsonPropertyDescription("Clip the gradients' global L2 norm to this (0 = no clipping).")
        Double maxGradNorm,
    @JsonPropertyDescription(
            "constant, constant_with_warmup, linear, cosine, cosine_with_restarts or polynomial.")
        LearningRateSchedule.Kind lrScheduler,
    @JsonPropertyDescription("Warmup steps; below 1, a fraction of the total steps.")
        Double lrWarmupSteps,
    @JsonPropertyDescription("Restarts of cosine_with_restarts.") Integer lrSchedulerNumCycles,
    @JsonPropertyDescription("Power of the polynomial schedule.") Double lrSchedulerPower,
    // --- the loop ---
    @JsonPropertyDescription("Images per step.") Integer trainBatchSize,
    @JsonPropertyDescription("Steps whose gradients are summed before one update.")
        Integer gradientAccumulationSteps,
    @JsonPropertyDescription(
            "Training steps (optimizer updates). Without it or maxTrainEpochs: 3 epochs, the"
                + " guide's 3000 steps for a 1000-step epoch.")
        Integer maxTrainSteps,
    @JsonPropertyDescription("Train this many epochs instead; overrides maxTrainSteps.")
        Integer maxTrainEpochs,
    @JsonPropertyDescription("Seed of the data order, noise and LoRA initialisation.") Long seed,
    @JsonPropertyDescription("Noise offset (about 0.1 helps very dark or bright images).")
        Double noiseOffset,
    @JsonPropertyDescription("Draw each batch's noise offset uniformly in [0, noiseOffset).")
        Boolean noiseOffsetRandomStrength,
    @JsonPropertyDescription(
            "Add this times each latent channel's absolute mean to the noise offset (needs"
                + " noiseOffset; 0 = off).")
        Double adaptiveNoiseScale,
    @JsonPropertyDescription(
            "Multires (pyramid) noise levels added to the noise: 6-10 is usual, 0 = off.")
        Integer multiresNoiseIterations,
    @JsonPropertyDescription("Weight of each smaller multires noise level: discount^level.")
        Double multiresNoiseDiscount,
    @JsonPropertyDescription(
            "Input perturbation: the latents get the noise plus this times more noise, the UNet"
                + " still learns the noise (about 0.1; 0 = off).")
        Double ipNoiseGamma,
    @JsonPropertyDescription("Draw each batch's ipNoiseGamma uniformly in [0, ipNoiseGamma).")
        Boolean ipNoiseGammaRandomStrength,
    @JsonPropertyDescription("Lowest timestep drawn (of 0..999).") Integer minTimestep,
    @JsonPropertyDescription("Timesteps are drawn below this (at most 1000).") Integer maxTimestep,
    @JsonPropertyDescription("Min-SNR loss weighting gamma (5 is common; 0 = off).")
        Double minSnrGamma,
    @JsonPropertyDescription("Weight each sample's loss by 1 / sqrt(SNR) of its timestep.")
        Boolean debiasedEstimationLoss,
    @JsonPropertyDescription(
            "Max-norm regularisation: after each step, scale down every LoRA module whose weight"
                + " delta's norm exceeds this (1 is usual; 0 = off).")
        Double scaleWeightNorms,
    @JsonPropertyDescription("l2, l1, huber or smooth_l1.") DiffusionLoss.Type lossType,
    @JsonPropertyDescription("Huber loss threshold.") Double huberC,
    @JsonPropertyDescription("no (fp32), fp16 or bf16 for the frozen model on a GPU.")
        MixedPrecision mixedPrecision,
    @JsonPropertyDescription("cpu, gpu or auto (the GPU when DJL finds one).") Device device,
    // --- saving ---
    @JsonPropertyDescription("Where checkpoints, loss.csv and the loss chart are written.")
        String outputDir,
    @JsonPropertyDescription("Checkpoint file name: {name}-step00001000.safetensors.")
        String outputName,
    @JsonPropertyDescription("Save a checkpoint every N steps (0 = only at the end).")
        Integer saveEveryNSteps,
    @JsonPropertyDescription("Save a checkpoint every N epochs (0 = never).")
        Integer saveEveryNEpochs,
    @JsonPropertyDescription("Keep only the newest N step checkpoints (0 = keep all).")
        Integer saveLastNSteps,
    @JsonPropertyDescription("fp16, bf16 or float: the dtype of the saved LoRA.")
        SavePrecision savePrecision,
    @JsonPropertyDescription("Also save a resumable state folder with every checkpoint.")
        Boolean saveState,
    @JsonPropertyDescription("A state folder ({name}-step00001000-state) to resume from.")
        String resume,
    @JsonPropertyDescription("A comment stored in the checkpoints' metadata.")
        String trainingComment,
    // --- sample images ---
    @JsonPropertyDescription(
            "A kohya prompt file (.txt: a prompt a line, with --n negative, --w/--h size, --d"
                + " seed, --l CFG scale, --s steps, --ss sampler; or kohya's .json / .toml): preview images at"
                + " every checkpoint and every sampleEveryNSteps, into <outputDir>/sample.")
        String samplePrompts,
    @JsonPropertyDescription("Draw the preview images every N steps too (0 = at checkpoints only).")
        Integer sampleEveryNSteps,
    @JsonPropertyDescription("Draw the preview images once before the first step as well.")
        Boolean sampleAtFirst,
    @JsonPropertyDescription(
            "Sampler of the prompts without --ss: ddim, euler, euler_a, euler_karras or"
                + " euler_a_karras (kohya's k_ names too).")
        String sampleSampler) {

  public TrainingConfig {
    captionExtension = or(captionExtension, ".txt");
    resolution = or(resolution, 512);
    enableBucket = or(enableBucket, true);
    minBucketReso = or(minBucketReso, 256);
    maxBucketReso = or(maxBucketReso, 1024);
    bucketResoSteps = or(bucketResoSteps, 64);
    bucketNoUpscale = or(bucketNoUpscale, false);
    flipAug = or(flipAug, false);
    shuffleCaption = or(shuffleCaption, false);
    keepTokens = or(keepTokens, 0);
    captionDropoutRate = or(captionDropoutRate, 0.0);
    captionDropoutEveryNEpochs = or(captionDropoutEveryNEpochs, 0);
    captionTagDropoutRate = or(captionTagDropoutRate, 0.0);
    maxTokenLength = or(maxTokenLength, 75);
    clipSkip = or(clipSkip, 1);
    cacheLatentsToDisk = or(cacheLatentsToDisk, false);
    priorLossWeight = or(priorLossWeight, 1.0);
    networkDim = or(networkDim, 4);
    networkAlpha = or(networkAlpha, 1.0);
    convDim = or(convDim, 0);
    convAlpha = or(convAlpha, 1.0);
    networkTrainUnetOnly = or(networkTrainUnetOnly, false);
    learningRate = or(learningRate, 1e-4);
    optimizerType = or(optimizerType, Optimizer.ADAMW);
    weightDecay = or(weightDecay, 0.01);
    maxGradNorm = or(maxGradNorm, 1.0);
    lrScheduler = or(lrScheduler, LearningRateSchedule.Kind.CONSTANT);
    lrWarmupSteps = or(lrWarmupSteps, 0.0);
    lrSchedulerNumCycles = or(lrSchedulerNumCycles, 1);
    lrSchedulerPower = or(lrSchedulerPower, 1.0);
    trainBatchSize = or(trainBatchSize, 1);
    gradientAccumulationSteps = or(gradientAccumulationSteps, 1);
    noiseOffset = or(noiseOffset, 0.0);
    noiseOffsetRandomStrength = or(noiseOffsetRandomStrength, false);
    adaptiveNoiseScale = or(adaptiveNoiseScale, 0.0);
    multiresNoiseIterations = or(multiresNoiseIterations, 0);
    multiresNoiseDiscount = or(multiresNoiseDiscount, 0.3);
    ipNoiseGamma = or(ipNoiseGamma, 0.0);
    ipNoiseGammaRandomStrength = or(ipNoiseGammaRandomStrength, false);
    minTimestep = or(minTimestep, 0);
    maxTimestep = or(maxTimestep, 1000);
    minSnrGamma = or(minSnrGamma, 0.0);
    debiasedEstimationLoss = or(debiasedEstimationLoss, false);
    scaleWeightNorms = or(scaleWeightNorms, 0.0);
    lossType = or(lossType, DiffusionLoss.Type.L2);
    huberC = or(huberC, 0.1);
    mixedPrecision = or(mixedPrecision, MixedPrecision.NO);
    device = or(device, Device.AUTO);
    saveEveryNSteps = or(saveEveryNSteps, 1000);
    saveEveryNEpochs = or(saveEveryNEpochs, 0);
    saveLastNSteps = or(saveLastNSteps, 0);
    savePrecision = or(savePrecision, SavePrecision.FP16);
    saveState = or(saveState, false);
    trainingComment = or(trainingComment, "");
    sampleEveryNSteps = or(sampleEveryNSteps, 0);
    sampleAtFirst = or(sampleAtFirst, false);
    sampleSampler = or(sampleSampler, "ddim");
  }

  /** kohya's {@code optimizer_type} values this trainer takes. */
  public enum Optimizer {
    ADAMW,
    ADAMW8BIT
  }

  /** kohya's {@code mixed_precision}. */
  public enum MixedPrecision {
    NO,
    FP16,
    BF16
  }

  /** kohya's {@code save_precision}. */
  public enum SavePrecision {
    FP16,
    BF16,
    FLOAT
  }

  /** Where the run trains. */
  public enum Device {
    AUTO,
    CPU,
    GPU
  }

  /** Every setting at its default (no data folder, base model or output yet). */
  public static TrainingConfig defaults() {
    return TrainingConfigs.fromMap(java.util.Map.of());
  }

  /** The UNet LoRA's learning rate: {@code unetLr}, else {@code learningRate}. */
  public double effectiveUnetLr() {
    return unetLr != null ? unetLr : learningRate;
  }

  /** The text-encoder LoRA's learning rate: {@code textEncoderLr}, else {@code learningRate}. */
  public double effectiveTextEncoderLr() {
    return textEncoderLr != null ? textEncoderLr : learningRate;
  }

  /** {@code outputDir}, else a {@code model} folder beside the image folder (the GUI's layout). */
  public Path effectiveOutputDir() {
    if (outputDir != null) {
      return Path.of(outputDir);
    }
    Path data = Path.of(trainDataDir).toAbsolutePath();
    return data.getParent() == null ? data.resolve("model") : data.resolveSibling("model");
  }

  /** Where the preview images of {@code samplePrompts} go: {@code <outputDir>/sample}. */
  public Path effectiveSampleDir() {
    return effectiveOutputDir().resolve("sample");
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
