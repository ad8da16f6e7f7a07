package dev.loraflow.trainer.train;

import java.util.Locale;

/** kohya sd-scripts' file and folder names for checkpoints and resume states. */
public final class CheckpointNames {

  public static final String EXTENSION = ".safetensors";

  private CheckpointNames() {}

  /** {@code mychar-step00001000.safetensors}. */
  public static String step(String name, long step) {
    return stepStem(name, step) + EXTENSION;
  }

  /** {@code mychar-000001.safetensors}, the name the GUI's epoch saves have. */
  public static String epoch(String name, int epoch) {
    return String.format(Locale.ROOT, "%s-%06d", name, epoch) + EXTENSION;
  }

  /** {@code mychar.safetensors}: the end of the run. */
  public static String last(String name) {
    return name + EXTENSION;
  }

  /** {@code mychar-step00001000-state}: the folder a run resumes from. */
  public static String stepState(String name, long step) {
    return stepStem(name, step) + "-state";
  }

  /** {@code mychar-state}: the state at the end of the run. */
  public static String lastState(String name) {
    return name + "-state";
  }

  private static String stepStem(String name, long step) {
    return String.format(Locale.ROOT, "%s-step%08d", name, step);
  }
}
