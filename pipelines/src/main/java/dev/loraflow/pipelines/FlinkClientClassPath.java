package dev.loraflow.pipelines;

import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.flink.util.SerializedThrowable;

/**
 * Whether Flink's client can read a failed job's error from a cluster: its REST client rebuilds the
 * error with the JVM's system class loader, which under {@code mvn exec:java} holds Maven, not
 * Flink. It then retries until it gives up, and never learns why the job failed.
 */
final class FlinkClientClassPath {
  /** What Flink's client fails to load in that case. */
  static final String ERROR_CLASS = SerializedThrowable.class.getName();

  private FlinkClientClassPath() {}

  /**
   * A line for the user when {@code options} submit to a cluster that {@code system} cannot read.
   */
  static Optional<String> warning(RecipeOptions options, ClassLoader system) {
    if (options.getRunner() != FlinkRunner.class) {
      return Optional.empty();
    }
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (master.startsWith("[") || canLoad(system)) {
      return Optional.empty(); // [local], [auto]: no REST client between the job and here
    }
    String rest = FlinkJobProgress.restUrl(master);
    return Optional.of(
        "loraflow: Flink's client cannot read a failed job's error in this JVM (its class path is"
            + " Maven's under mvn exec:java); if the job fails, its cause is at "
            + rest
            + "/jobs/overview and /jobs/<id>/exceptions; a client started with java, Flink on"
            + " its class path, shows it here.");
  }

  private static boolean canLoad(ClassLoader system) {
    try {
      Class.forName(ERROR_CLASS, false, system);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
