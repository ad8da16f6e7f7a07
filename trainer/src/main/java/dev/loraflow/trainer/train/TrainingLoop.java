package dev.loraflow.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.data.Batch;
import dev.loraflow.trainer.data.Position;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.nn.Scalars;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: for each batch, noise the cached latents at random timesteps, predict the
 * noise with the LoRA-adapted UNet, and step AdamW over the LoRA weights; checkpoints and state
 * folders at the configured intervals. One readable screen is {@link #forwardBackward} plus {@link
 * #update}.
 */
final class TrainingLoop {

  static final String UNET = "unet";
  static final String TEXT_ENCODER = "text_encoder";

  private final TrainingConfig config;
  private final StableDiffusion sd;
  private final LoraNetwork network;
  private final TrainingData data;
  private final RunPlan plan;
  private final CheckpointFolder folder;
  private final KohyaMetadata.RunFacts facts;
  private final TrainingSamples samples;
  private final PrintWriter out;
  private final NDManager manager;
  private final AdamW optimizer;
  private final LearningRateSchedule unetLr;
  private final LearningRateSchedule textEncoderLr;
  private final DdpmSchedule schedule = DdpmSchedule.sd15();
  private final DiffusionLoss loss;
  private final TrainingNoise noise;
  private LoraNetwork.NormLimit norms;
  private final List<Weight> trainable = new ArrayList<>();
  private LossScaler scaler; // fp16 only

  TrainingLoop(
      TrainingConfig config,
      StableDiffusion sd,
      LoraNetwork network,
      TrainingData data,
      RunPlan plan,
      CheckpointFolder folder,
      KohyaMetadata.RunFacts facts,
      TrainingSamples samples,
      NDManager stateManager,
      boolean halfPrecision,
      PrintWriter out) {
    this.config = config;
    this.sd = sd;
    this.network = network;
    this.data = data;
    this.plan = plan;
    this.folder = folder;
    this.facts = facts;
    this.samples = samples;
    this.out = out;
    this.manager = stateManager;
    optimizer = new AdamW(stateManager, 0.9, 0.999, 1e-8, config.weightDecay());
    optimizer.addGroup(UNET, network.unetWeights());
    trainable.addAll(network.unetWeights().values());
    if (!network.textEncoderWeights().isEmpty()) {
      optimizer.addGroup(TEXT_ENCODER, network.textEncoderWeights());
      trainable.addAll(network.textEncoderWeights().values());
    }
    unetLr = schedule(config.effectiveUnetLr());
    textEncoderLr = schedule(config.effectiveTextEncoderLr());
    DiffusionLoss l = DiffusionLoss.of(config.lossType());
    l = l.withHuberC(config.huberC());
    l = config.minSnrGamma() > 0 ? l.withMinSnrGamma(config.minSnrGamma(), schedule.snr()) : l;
    loss = config.debiasedEstimationLoss() ? l.withDebiasedEstimation(schedule.snr()) : l;
    noise = TrainingNoise.from(config);
    scaler = halfPrecision ? new LossScaler() : null;
  }

  private LearningRateSchedule schedule(double baseLr) {
    return LearningRateSchedule.create(
            config.lrScheduler(), baseLr, plan.totalSteps(), config.lrWarmupSteps())
        .withNumCycles(config.lrSchedulerNumCycles())
        .withPower(config.lrSchedulerPower());
  }

  /** Trains from {@code resumed} (null: from the start) to the last step; returns what it wrote. */
  LoraTrainer.Result run(TrainingState resumed, Path resumedFrom) throws IOException {
    long step = 0;
    Position position = new Position(1, 0);
    EpochLossAverage average = new EpochLossAverage(List.of());
    if (resumed != null) {
      try (TensorStore lora = TrainingState.openLora(resumedFrom);
          TensorStore moments = TrainingState.openOptimizer(resumedFrom)) {
        network.load(lora);
        optimizer.restoreState(moments);
      }
      step = resumed.step();
      position = new Position(resumed.epoch(), resumed.batchInEpoch());
      average = new EpochLossAverage(resumed.epochLosses());
      if (scaler != null) {
        scaler =
            new LossScaler(new LossScaler.State(resumed.lossScale(), resumed.lossScaleGoodSteps()));
      }
      out.printf("resuming %s at step %d (epoch %d)%n", resumedFrom, step, position.epoch());
    }
    List<Path> written = new ArrayList<>();
    double lastLoss = Double.NaN;
    try (LossLog log = LossLog.open(folder.dir(), step);
        TrainingProgress progress = new TrainingProgress(plan.totalSteps(), step)) {
      samples.atStart(step, manager);
      int micro = 0;
      double lossSum = 0;
      int stepInEpoch = (int) (step - (long) (position.epoch() - 1) * plan.stepsPerEpoch());
      for (int epoch = position.epoch();
          epoch <= plan.epochs() && step < plan.totalSteps();
          epoch++) {
        List<Batch> batches =
            data.batchesFrom(epoch == position.epoch() ? position : new Position(epoch, 0));
        if (epoch != position.epoch()) {
          stepInEpoch = 0;
        }
        for (int b = 0; b < batches.size() && step < plan.totalSteps(); b++) {
          Batch batch = batches.get(b);
          lossSum += forwardBackward(batch);
          micro++;
          boolean lastOfEpoch = b == batches.size() - 1;
          if (micro < config.gradientAccumulationSteps() && !lastOfEpoch) {
            continue;
          }
          double stepLoss = lossSum / micro;
          micro = 0;
          lossSum = 0;
          requireFinite(stepLoss, step + 1, epoch);
          update(step);
          step++;
          stepInEpoch++;
          lastLoss = stepLoss;
          double smoothed = average.add(stepInEpoch - 1, stepLoss);
          log.append(
              step,
              epoch,
              stepLoss,
              smoothed,
              unetLr.lr(Math.toIntExact(step - 1)),
              textEncoderLr.lr(Math.toIntExact(step - 1)));
          progress.step(step, epoch, plan.epochs(), smoothed, normsNote());
          Position next =
              lastOfEpoch
                  ? new Position(epoch + 1, 0)
                  : new Position(epoch, batch.position().batchIndex() + 1);
          if (config.saveEveryNSteps() > 0 && step % config.saveEveryNSteps() == 0) {
            written.add(saveStep(step, epoch, next, average));
            log.drawChart(folder.name());
            samples.atCheckpoint(step, manager);
          }
          samples.afterStep(step, manager);
        }
        if (config.saveEveryNEpochs() > 0
            && epoch % config.saveEveryNEpochs() == 0
            && epoch < plan.epochs()
            && step < plan.totalSteps()) {
          written.add(
              folder.save(
                  CheckpointNames.epoch(folder.name(), epoch), export(), facts, step, epoch));
          log.drawChart(folder.name());
          samples.atCheckpoint(step, manager);
        }
      }
      Path last =
          folder.save(CheckpointNames.last(folder.name()), export(), facts, step, plan.epochs());
      written.add(last);
      if (config.saveState()) {
        saveState(
            CheckpointNames.lastState(folder.name()),
            step,
            new Position(plan.epochs() + 1, 0),
            average);
      }
      log.drawChart(folder.name());
      samples.atCheckpoint(step, manager);
      return new LoraTrainer.Result(last, List.copyOf(written), step, lastLoss);
    }
  }

  private static void requireFinite(double loss, long step, int epoch) {
    if (!Double.isFinite(loss)) {
      throw new TrainingStoppedException(
          "the loss became "
              + loss
              + " at step "
              + step
              + " (epoch "
              + epoch
              + "); the checkpoints written before it are kept. Lower the learning rate.");
    }
  }

  /** The step checkpoint (oldest ones pruned past saveLastNSteps), and its state folder. */
  private Path saveStep(long step, int epoch, Position next, EpochLossAverage average)
      throws IOException {
    Path file =
        folder.save(CheckpointNames.step(folder.name(), step), export(), facts, step, epoch);
    folder.keepLastSteps(file, config.saveLastNSteps());
    if (config.saveState()) {
      saveState(CheckpointNames.stepState(folder.name(), step), step, next, average);
    }
    return file;
  }

  /**
   * One batch's forward and backward: noise the latents at uniform timesteps, let the UNet predict
   * that noise from the caption, and add the loss's gradients to the LoRA weights.
   */
  private double forwardBackward(Batch batch) throws IOException {
    try (NDManager step = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      TrainingData.StepInputs inputs = data.inputs(batch, step);
      NoiseSource random = NoiseSource.seeded(batch.seed());
      NDArray latents = inputs.latents();
      NDArray target = noise.noiseLike(latents, random);
      long[] timesteps = noise.timesteps(Math.toIntExact(latents.getShape().get(0)), random);
      NDArray t = step.create(timesteps);
      NDArray noisy = schedule.addNoise(latents, noise.inputNoise(target, random), t);
      NDArray context = sd.textEncoder().forwardWindows(inputs.tokens(), config.clipSkip());
      NDArray prediction = sd.unet().forward(noisy, t, context);
      NDArray batchLoss = loss.compute(prediction, target, timesteps, inputs.lossWeights());
      NDArray scaled = batchLoss.div(Scalars.like(batchLoss, config.gradientAccumulationSteps()));
      collector.backward(scaler == null ? scaled : scaler.scaleLoss(scaled));
      return batchLoss.getFloat();
    }
  }

  /**
   * One optimizer step: (with fp16, unscale the gradients, skipping the step on overflow) clip the
   * global gradient norm, set the learning rates, step AdamW.
   */
  private void update(long step) {
    if (scaler != null && !scaler.unscale(trainable)) {
      optimizer.zeroGradients(); // fp16 overflow: the scale was halved, this step is skipped
      return;
    }
    if (config.maxGradNorm() > 0) {
      GradientClipping.clipGlobalNorm(trainable, config.maxGradNorm());
    }
    int index = Math.toIntExact(step);
    optimizer.setLearningRate(UNET, unetLr.lr(index));
    if (!network.textEncoderWeights().isEmpty()) {
      optimizer.setLearningRate(TEXT_ENCODER, textEncoderLr.lr(index));
    }
    optimizer.step();
    if (config.scaleWeightNorms() > 0) {
      norms = network.limitNorms(config.scaleWeightNorms());
    }
  }

  /** kohya's progress-bar note on max-norm regularisation, when it is on. */
  private String normsNote() {
    return norms == null
        ? ""
        : String.format(
            java.util.Locale.ROOT,
            ", keys scaled %d, mean norm %.3f",
            norms.scaled(),
            norms.meanNorm());
  }

  private TensorStore export() {
    return network.export(folder.dtype());
  }

  private void saveState(String name, long step, Position next, EpochLossAverage average)
      throws IOException {
    TrainingState state =
        new TrainingState(
            step,
            next.epoch(),
            next.batchIndex(),
            facts.seed(),
            facts.sessionId(),
            facts.startedAt().getEpochSecond(),
            scaler == null ? 1 : scaler.state().scale(),
            scaler == null ? 0 : scaler.state().goodSteps(),
            average.losses());
    state.save(
        folder.dir().resolve(name), network.export(Dtype.F32), optimizer.exportState(), config);
  }
}
