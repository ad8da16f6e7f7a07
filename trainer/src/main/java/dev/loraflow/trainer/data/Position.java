package dev.loraflow.trainer.data;

/**
 * A batch's place in training: its 1-based epoch (kohya's {@code current_epoch}) and 0-based index
 * within that epoch. A resumed run saves the position of the next batch and continues there with
 * {@link EpochPlan#batchesFrom}.
 */
public record Position(int epoch, int batchIndex) {

  public Position {
    if (epoch < 1 || batchIndex < 0) {
      throw new IllegalArgumentException(
          "Position: expected epoch >= 1 and batchIndex >= 0, got " + epoch + ", " + batchIndex);
    }
  }
}
