package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loraflow.pipelines.demo.DemoDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job that fails on a Flink worker tells the user its real cause, once, with the job id. */
class FlinkFailureTest {
  @TempDir Path tmp;

  /** Fails on the worker only: building the pipeline on the client goes well. */
  static class FailsOnWorker extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer n) {
      throw new UncheckedIOException(
          new IOException("No files matched spec: /worker/only/" + n + "/*"));
    }
  }

  private static PTransform<PBegin, PDone> failing(CharacterOptions options) {
    return new PTransform<>() {
      @Override
      public PDone expand(PBegin begin) {
        begin.apply(Create.of(1)).apply(ParDo.of(new FailsOnWorker()));
        return PDone.in(begin.getPipeline());
      }
    };
  }

  @Test
  void aJobFailingOnAnEmbeddedFlinkWorkerShowsItsCauseOnceWithTheJobId() throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            FlinkFailureTest::failing,
            DemoDataset::characterDefaults,
            new PrintStream(new ByteArrayOutputStream()));
    Path in = tmp.resolve("in");
    DemoDataset.write(in);
    CharacterOptions options =
        runner.parse(
            new String[] {
              "--input=" + in,
              "--output=" + tmp.resolve("out"),
              "--trigger=x",
              "--runner=FlinkRunner",
              "--flinkMaster=[local]",
              "--parallelism=1"
            });

    JobFailure failure = catchThrowableOfType(() -> runner.run(options), JobFailure.class);

    assertThat(failure.getMessage())
        .matches(
            "the FlinkRunner job [0-9a-f]{32} failed: java.io.IOException: No files matched"
                + " spec: /worker/only/1/\\* \\(the full trace is in the workers' logs, and in"
                + " the cluster's REST API at /jobs/[0-9a-f]{32}/exceptions\\)");
    assertThat(failure).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aSerializedErrorFromTheClusterIsRebuiltWithTheJobsClasses() {
    JobID job = new JobID();
    Throwable fromCluster =
        new RuntimeException(
            "Pipeline execution failed",
            new ProgramInvocationException(
                "Job failed (JobID: " + job + ")",
                new JobExecutionException(
                    job,
                    "Job execution failed.",
                    new SerializedThrowable(
                        new JobException(
                            "Recovery is suppressed by NoRestartBackoffTimeStrategy",
                            new IllegalArgumentException("No files matched spec: rel/*"))))));

    JobFailure failure = JobFailure.of("FlinkRunner", fromCluster, getClass().getClassLoader());

    assertThat(failure.getMessage())
        .startsWith(
            "the FlinkRunner job "
                + job
                + " failed: java.lang.IllegalArgumentException: No files matched spec: rel/* (");
    assertThat(failure).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  /** An exception class the client does not have, as a worker's own would be. */
  static class WorkerOnly extends RuntimeException {
    WorkerOnly(String message) {
      super(message);
    }
  }

  @Test
  void aSerializedErrorOfAClassTheClientLacksIsNamedByClassAndMessage() {
    Throwable fromCluster =
        new JobExecutionException(
            new JobID(), "Job execution failed.", new SerializedThrowable(new WorkerOnly("boom")));
    ClassLoader withoutTheJob = new ClassLoader(null) {};

    JobFailure failure = JobFailure.of("FlinkRunner", fromCluster, withoutTheJob);

    assertThat(failure.getMessage()).contains("failed: " + WorkerOnly.class.getName() + ": boom (");
  }

  @Test
  void anErrorFlinksClientCouldNotReadSaysWhereTheCauseIs() {
    Throwable retriesExhausted =
        new RuntimeException(
            "Pipeline execution failed",
            new IllegalStateException(
                "Number of retries has been exhausted.",
                new ClassNotFoundException(FlinkClientClassPath.ERROR_CLASS)));

    JobFailure failure =
        JobFailure.of("FlinkRunner", retriesExhausted, getClass().getClassLoader());

    assertThat(failure.getMessage())
        .startsWith("the FlinkRunner job failed, and Flink's client could not read why")
        .endsWith("the cluster's REST API has the cause at /jobs/<id>/exceptions");
  }

  @Test
  void aClusterClientWithoutFlinkOnTheSystemClassPathIsWarnedUpFront() {
    CharacterOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=localhost:8081", "--trigger=x")
            .as(CharacterOptions.class);
    ClassLoader mavensOwn = new ClassLoader(null) {};

    assertThat(FlinkClientClassPath.warning(options, mavensOwn))
        .hasValueSatisfying(
            line -> assertThat(line).contains("http://localhost:8081/jobs/overview"));
    assertThat(FlinkClientClassPath.warning(options, getClass().getClassLoader())).isEmpty();
    options.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    assertThat(FlinkClientClassPath.warning(options, mavensOwn)).isEmpty();
  }
}
