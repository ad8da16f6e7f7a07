package dev.loraflow.pipelines;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.util.UserCodeException;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.operators.chaining.ExceptionInChainedStubException;
import org.apache.flink.util.SerializedThrowable;

/**
 * A job that failed on a runner's workers, told as the cause the user needs: the runner's wrappers
 * (Beam's "Pipeline execution failed", Flink's client's, job, recovery and chained-task exceptions,
 * Beam's {@link UserCodeException}, any exception made from its cause alone) are taken off, and the
 * errors a Flink cluster sends back serialized are rebuilt with the job's class loader, or named by
 * their class and message where it cannot.
 */
final class JobFailure extends RuntimeException {
  private JobFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code failure}, as thrown by running or waiting on a job of {@code runner}. */
  static JobFailure of(String runner, Throwable failure, ClassLoader jobClasses) {
    if (unreadable(failure)) {
      return new JobFailure(
          "the "
              + runner
              + " job failed, and Flink's client could not read why: it loads the error's"
              + " classes from the JVM's class path, which lacks Flink under mvn exec:java;"
              + " the cluster's REST API has the cause at /jobs/<id>/exceptions",
          failure);
    }
    Optional<String> jobId = jobId(failure);
    Throwable cause = userCause(failure, jobClasses);
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = readable(root.getCause(), jobClasses);
    }
    StringBuilder message =
        new StringBuilder("the ")
            .append(runner)
            .append(" job")
            .append(jobId.map(id -> " " + id).orElse(""))
            .append(" failed: ")
            .append(cause);
    if (root != cause) {
      message.append("; caused by ").append(root);
    }
    message.append(
        jobId
            .map(
                id ->
                    " (the full trace is in the workers' logs, and in the cluster's REST API at"
                        + " /jobs/"
                        + id
                        + "/exceptions)")
            .orElse(" (the full trace is in the workers' logs)"));
    return new JobFailure(message.toString(), cause);
  }

  // See FlinkClientClassPath: the client retried reading the result until it gave up.
  private static boolean unreadable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClassNotFoundException
          && String.valueOf(t.getMessage()).contains(FlinkClientClassPath.ERROR_CLASS)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> jobId(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JobExecutionException job && job.getJobID() != null) {
        return Optional.of(job.getJobID().toString());
      }
    }
    return Optional.empty();
  }

  // The first exception in the chain that is not a runner's wrapper.
  private static Throwable userCause(Throwable failure, ClassLoader jobClasses) {
    Throwable t = readable(failure, jobClasses);
    while (isWrapper(t) && t.getCause() != null && t.getCause() != t) {
      t = readable(t.getCause(), jobClasses);
    }
    return t;
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof JobExecutionException
        || t instanceof JobException
        || t instanceof ExceptionInChainedStubException
        || t instanceof ProgramInvocationException
        || t instanceof UserCodeException
        // Made from its cause alone (new UncheckedIOException(e)): says nothing of its own.
        || (t.getCause() != null && String.valueOf(t.getCause()).equals(t.getMessage()))
        || t instanceof ExecutionException
        || t instanceof CompletionException
        // Beam's FlinkRunner wraps the cluster's answer so.
        || (t.getClass() == RuntimeException.class
            && "Pipeline execution failed".equals(t.getMessage()));
  }

  // A serialized error rebuilt; if its class is not here, it stays and prints its class name.
  private static Throwable readable(Throwable t, ClassLoader jobClasses) {
    return t instanceof SerializedThrowable serialized
        ? serialized.deserializeError(jobClasses)
        : t;
  }
}
