package dev.loraflow.trainer.train;

/**
 * How long a run is, counted as kohya counts it: an optimizer step per {@code
 * gradientAccumulationSteps} batches, {@code maxTrainEpochs} (when given) times the steps of an
 * epoch, else {@code maxTrainSteps}, and as many epochs as those steps need. With neither, {@link
 * #DEFAULT_EPOCHS}: the guide's dataset has 1000 image steps an epoch and trains 3000.
 */
record RunPlan(int totalSteps, int epochs, int stepsPerEpoch, int warmupSteps) {

  static final int DEFAULT_EPOCHS = 3;

  static RunPlan of(TrainingConfig config, int batchesPerEpoch) {
    int stepsPerEpoch = Math.max(1, ceilDiv(batchesPerEpoch, config.gradientAccumulationSteps()));
    int total;
    if (config.maxTrainEpochs() != null) {
      total = config.maxTrainEpochs() * stepsPerEpoch;
    } else if (config.maxTrainSteps() != null) {
      total = config.maxTrainSteps();
    } else {
      total = DEFAULT_EPOCHS * stepsPerEpoch;
    }
    int epochs = ceilDiv(total, stepsPerEpoch);
    double warmup = config.lrWarmupSteps();
    int warmupSteps = warmup < 1 ? (int) (warmup * total) : (int) warmup;
    return new RunPlan(total, epochs, stepsPerEpoch, warmupSteps);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
