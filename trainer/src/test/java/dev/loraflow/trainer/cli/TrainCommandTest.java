package dev.loraflow.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.trainer.testing.TinyRun;
import dev.loraflow.trainer.train.LossLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train} as a user runs it: options, a kohya GUI config, and a run killed and resumed. */
class TrainCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int train(List<String> args) {
    List<String> command = new ArrayList<>(List.of("train"));
    command.addAll(args);
    CommandLine cli =
        TrainerCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cli.execute(command.toArray(String[]::new));
  }

  private static List<String> quick(TinyRun run, Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--trainDataDir=" + run.images,
                "--baseModel=" + run.model,
                "--outputDir=" + output,
                "--outputName=tiny",
                "--resolution=64",
                "--enableBucket=false",
                "--seed=3",
                "--device=cpu"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void help_listsTheSettingsWithTheirDefaults() {
    CommandLine cli = TrainerCommand.commandLine().setOut(new PrintWriter(out));
    assertThat(cli.execute("train", "--help")).isZero();
    assertThat(out.toString())
        .contains("--networkDim")
        .contains("LoRA rank (network_dim). (default: 4)")
        .contains("--kohyaConfig")
        .contains("or one on Hugging Face (hf:owner/name/")
        .contains("--modelCacheDir");
  }

  @Test
  void aBaseModelReferenceThatIsNone_isABadInput_namingTheForms() {
    int code = train(List.of("--trainDataDir=" + tmp, "--baseModel=hf:no-repo-here"));

    assertThat(code).isEqualTo(TrainerCommand.BAD_INPUT);
    assertThat(err.toString())
        .contains("baseModel")
        .contains("hf:<owner>/<name>[@<revision>]/<file>");
  }

  @Test
  void aKohyaGuiConfig_isImportedAndTheCommandLineWins() throws Exception {
    TinyRun run = new TinyRun(tmp);
    Path config = tmp.resolve("confignew.json");
    Files.writeString(
        config,
        "{\"network_dim\": \"8\", \"network_alpha\": \"8\", \"max_train_steps\": \"50\","
            + " \"save_every_n_steps\": \"0\", \"color_aug\": true}");

    int code =
        train(quick(run, tmp.resolve("out"), "--kohyaConfig=" + config, "--maxTrainSteps=2"));

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("ignored: color_aug=true");
    assertThat(out.toString()).contains("rank 8").contains("2 steps");
    assertThat(tmp.resolve("out/tiny.safetensors")).isRegularFile();
  }

  @Test
  void aBadSetting_isNamedWithTheValuesItTakes() throws Exception {
    TinyRun run = new TinyRun(tmp);
    int code = train(quick(run, tmp.resolve("out"), "--lrScheduler=cosine_annealing"));
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--lrScheduler")
        .contains("cosine_annealing")
        .contains("COSINE_WITH_RESTARTS");

    int missing = train(List.of("--trainDataDir=" + run.images, "--resolution=64"));
    assertThat(missing).isEqualTo(TrainerCommand.BAD_INPUT);
    assertThat(err.toString()).contains("baseModel is required");
  }

  /**
   * The run users complain about most: killed (kill -9) and resumed, it must end at the step it was
   * going to, with the losses the uninterrupted run has.
   */
  @Test
  void aRunKilledWithSigkill_resumesToTheSameStepAndLosses() throws Exception {
    TinyRun run = new TinyRun(tmp);
    List<String> settings = List.of("--maxTrainSteps=40", "--saveEveryNSteps=4", "--saveState");
    assertThat(train(quick(run, tmp.resolve("whole"), settings.toArray(String[]::new)))).isZero();

    Path killed = tmp.resolve("killed");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                TrainerCommand.class.getName(),
                "train"));
    command.addAll(quick(run, killed, settings.toArray(String[]::new)));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path firstState = killed.resolve("tiny-step00000008-state");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(firstState) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    process.waitFor(30, TimeUnit.SECONDS);
    assertThat(killed.resolve("tiny.safetensors")).as("killed before the end").doesNotExist();
    Path newest = newestState(killed);
    assertThat(newest).as("a complete state folder survived the kill").isNotNull();

    List<String> resume = new ArrayList<>(settings);
    resume.add("--resume=" + newest);
    assertThat(train(quick(run, killed, resume.toArray(String[]::new))))
        .as(err.toString())
        .isZero();

    List<String> whole = Files.readAllLines(tmp.resolve("whole").resolve(LossLog.CSV));
    List<String> resumed = Files.readAllLines(killed.resolve(LossLog.CSV));
    assertThat(resumed).hasSameSizeAs(whole); // every step once, ending at step 40
    assertThat(resumed.get(resumed.size() - 1)).startsWith("40,");
    for (int i = 1; i < whole.size(); i++) {
      assertThat(loss(resumed.get(i)))
          .isCloseTo(loss(whole.get(i)), Percentage.withPercentage(1e-3));
    }
  }

  private static Path newestState(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("tiny-step\\d{8}-state"))
          .max(Comparator.comparing(p -> p.getFileName().toString()))
          .orElse(null);
    }
  }

  private static double loss(String row) {
    return Double.parseDouble(row.split(",")[2]);
  }
}
