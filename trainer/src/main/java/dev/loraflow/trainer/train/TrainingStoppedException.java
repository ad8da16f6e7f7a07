package dev.loraflow.trainer.train;

/**
 * The run cannot go on (the loss is no longer a number): the message names the step, and every
 * checkpoint written before it stays.
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingStoppedException(String message) {
    super(message);
  }
}
