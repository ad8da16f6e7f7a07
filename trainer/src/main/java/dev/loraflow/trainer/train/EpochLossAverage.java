package dev.loraflow.trainer.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The loss kohya shows as {@code avr_loss}: the mean over the latest loss at each step position of
 * an epoch, so after the first epoch it averages exactly one epoch's worth of steps.
 */
final class EpochLossAverage {

  private final List<Double> losses;
  private double sum;

  EpochLossAverage(List<Double> restored) {
    losses = new ArrayList<>(restored);
    losses.forEach(loss -> sum += loss);
  }

  /** Records the loss of the {@code stepInEpoch}-th step (0-based) and returns the average. */
  double add(int stepInEpoch, double loss) {
    if (stepInEpoch < losses.size()) {
      sum += loss - losses.set(stepInEpoch, loss);
    } else {
      losses.add(loss);
      sum += loss;
    }
    return sum / losses.size();
  }

  List<Double> losses() {
    return List.copyOf(losses);
  }
}
