package dev.loraflow.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.SafetensorsHashes;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.lora.LoraConfig;
import dev.loraflow.trainer.lora.LoraFile;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.nn.OpenMpWaitPolicy;
import dev.loraflow.trainer.sd.BaseModelCheck;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a LoRA on a kohya image folder, as kohya's train_network does: cached latents, noise at
 * uniform timesteps, the UNet's epsilon prediction against the noise, AdamW over the LoRA weights
 * only, checkpoints at step and epoch intervals, resumable state folders.
 */
public final class LoraTrainer {

  /** What a run wrote. */
  public record Result(Path finalCheckpoint, List<Path> checkpoints, long steps, double lastLoss) {}

  private final TrainingConfig config;
  private final PrintWriter out;
  private final Map<String, String> env;

  public LoraTrainer(TrainingConfig config, PrintWriter out) {
    this(config, out, System.getenv());
  }

  /**
   * A trainer that reads Hugging Face's settings ({@code HF_TOKEN}, {@code HF_ENDPOINT}) in env.
   */
  LoraTrainer(TrainingConfig config, PrintWriter out, Map<String, String> env) {
    this.config = TrainingConfigs.validate(config);
    this.out = out;
    this.env = env;
  }

  public Result train() throws IOException {
    OpenMpWaitPolicy.passiveUnlessSet(); // before DJL loads libtorch
    Path resumeFrom = config.resume() == null ? null : Path.of(config.resume());
    TrainingState resumed = resumeFrom == null ? null : TrainingState.read(resumeFrom);
    if (resumeFrom != null) {
      TrainingState.requireCompatible(resumeFrom, config);
    }
    Path baseModel = BaseModelFile.resolve(config, env, out);
    long seed =
        resumed != null
            ? resumed.seed()
            : config.seed() != null ? config.seed() : new Random().nextLong() >>> 1;
    Device device = device();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      StableDiffusion sd = load(baseModel, manager);
      TrainingData data = TrainingData.prepare(config, baseModel, sd.vae(), manager, seed, out);
      RunPlan plan = RunPlan.of(config, data.batchesPerEpoch());
      String name = config.outputName() != null ? config.outputName() : data.outputName();
      TrainingSamples samples = TrainingSamples.read(config, name);
      CheckpointFolder folder = CheckpointFolder.prepare(config, name);
      LoraNetwork network = createNetwork(sd, manager, seed);
      KohyaMetadata.RunFacts facts =
          new KohyaMetadata.RunFacts(
              config,
              name,
              seed,
              resumed != null ? resumed.sessionId() : folder.sessionId(),
              resumed != null ? Instant.ofEpochSecond(resumed.startedAt()) : Instant.now(),
              plan.totalSteps(),
              plan.epochs(),
              data.batchesPerEpoch(),
              plan.warmupSteps(),
              data.trainImagesWithRepeats(),
              data.regImages(),
              data.datasetDirs(false),
              data.datasetDirs(true),
              data.tagFrequency(),
              baseModel.getFileName().toString(),
              SafetensorsHashes.legacyOfFile(baseModel),
              "torch.optim.adamw.AdamW(weight_decay=" + config.weightDecay() + ")");
      summary(data, plan, network, device, seed);
      samples.prepare(sd, baseModel, out);
      warnings(plan);
      data.encodeAll(out);
      out.flush();
      try (NDManager stateManager = manager.newSubManager()) {
        return new TrainingLoop(
                config,
                sd,
                network,
                data,
                plan,
                folder,
                facts,
                samples,
                stateManager,
                halfPrecision(),
                out)
            .run(resumed, resumeFrom);
      }
    }
  }

  private Device device() {
    Engine engine = Engine.getEngine("PyTorch");
    boolean gpu = engine.getGpuCount() > 0;
    if (config.device() == TrainingConfig.Device.GPU && !gpu) {
      throw new IllegalArgumentException(
          "TrainingConfig.device is gpu, but DJL's PyTorch engine sees no CUDA device");
    }
    return config.device() == TrainingConfig.Device.CPU || !gpu ? Device.cpu() : Device.gpu();
  }

  private StableDiffusion load(Path file, NDManager manager) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("TrainingConfig.baseModel: " + file + " is not a file");
    }
    try (TensorStore store = Checkpoints.open(file)) {
      BaseModelCheck.requireSd1(store, file);
      StableDiffusion sd = StableDiffusion.load(store, manager);
      if (halfPrecision()) {
        // the frozen weights in float16; the LoRA, its optimizer and the loss stay float32
        sd.unet().castWeights(DataType.FLOAT16);
        sd.textEncoder().castWeights(DataType.FLOAT16);
      }
      return sd;
    }
  }

  private LoraNetwork createNetwork(StableDiffusion sd, NDManager manager, long seed)
      throws IOException {
    LoraConfig lora =
        LoraConfig.defaults()
            .withRank(config.networkDim(), config.networkAlpha().floatValue())
            .withConv(config.convDim(), config.convAlpha().floatValue())
            .withTrainTextEncoder(!config.networkTrainUnetOnly());
    LoraNetwork network =
        LoraNetwork.create(
            sd.unet(),
            config.networkTrainUnetOnly() ? null : sd.textEncoder(),
            lora,
            manager,
            seed);
    if (config.networkWeights() != null) {
      Path file = Path.of(config.networkWeights());
      LoraFile.read(file).close(); // refuses a file that is not a kohya SD 1.x LoRA, naming it
      try (TensorStore start = SafetensorsReader.open(file)) {
        network.load(start);
      }
    }
    return network;
  }

  private void summary(
      TrainingData data, RunPlan plan, LoraNetwork network, Device device, long seed) {
    out.println(data.describe());
    out.printf(
        "batch size %d x %d accumulated, %d batches per epoch, %d epochs, %d steps%n",
        config.trainBatchSize(),
        config.gradientAccumulationSteps(),
        data.batchesPerEpoch(),
        plan.epochs(),
        plan.totalSteps());
    out.printf(
        "learning rates: unet %.3g, text encoder %s (%s, warmup %d steps)%n",
        config.effectiveUnetLr(),
        config.networkTrainUnetOnly()
            ? "not trained"
            : String.format("%.3g", config.effectiveTextEncoderLr()),
        TrainingConfigs.name(config.lrScheduler()),
        plan.warmupSteps());
    out.printf(
        "LoRA: %d modules, rank %d, alpha %s, %,d trainable parameters; device %s, seed %d%n",
        network.modules().size(),
        config.networkDim(),
        config.networkAlpha(),
        network.parameterCount(),
        device.isGpu() ? "gpu " + device.getDeviceId() : "cpu",
        seed);
    out.flush();
  }

  private void warnings(RunPlan plan) {
    List<String> warnings =
        new ArrayList<>(
            TrainingWarnings.check(
                plan.totalSteps(),
                config.trainBatchSize(),
                config.effectiveUnetLr(),
                config.optimizerType().name()));
    if (config.mixedPrecision() == TrainingConfig.MixedPrecision.BF16) {
      warnings.add(
          "mixedPrecision bf16 is not available: a bfloat16 array aborts the JVM inside DJL 0.36;"
              + " training with fp16 mixed precision (dynamic loss scaling) instead");
    }
    if (halfPrecision() && Engine.getEngine("PyTorch").getGpuCount() == 0) {
      warnings.add("mixed precision on the CPU saves memory but is slower than fp32");
    }
    warnings.forEach(w -> out.println("warning: " + w));
  }

  /** fp16 for the frozen model: asked for as fp16, or as bf16 (which DJL cannot hold). */
  private boolean halfPrecision() {
    return config.mixedPrecision() != TrainingConfig.MixedPrecision.NO;
  }
}
