package dev.loraflow.trainer.cli;

import dev.loraflow.trainer.nn.OpenMpWaitPolicy;
import dev.loraflow.trainer.train.TrainingStoppedException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line:
 *
 * <pre>mvn -q -pl trainer -am compile exec:java -Dtrainer -Dexec.args="inspect model.safetensors"
 * </pre>
 */
@Command(
    name = "loraflow-trainer",
    mixinStandardHelpOptions = true,
    subcommands = {
      ConvertCkptCommand.class,
      InspectCheckpointCommand.class,
      BenchmarkCommand.class,
      GenerateCommand.class
    },
    description =
        "The loraflow trainer: LoRA training for SD 1.x, its checkpoint tools and image generation.")
public final class TrainerCommand {

  /** Exit code when the input file is not what the command needs. */
  static final int BAD_INPUT = 1;

  public static void main(String[] args) {
    OpenMpWaitPolicy.passiveUnlessSet(); // before any subcommand loads libtorch
    System.exit(commandLine().execute(args));
  }

  /** The command line, with bad files reported as one line instead of a stack trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new TrainerCommand())
        .addSubcommand(TrainCommand.commandLine())
        .setCaseInsensitiveEnumValuesAllowed(true) // kohya's values: --lrScheduler=cosine
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof IOException
                  || e instanceof IllegalArgumentException
                  || e instanceof TrainingStoppedException) {
                commandLine.getErr().println("loraflow-trainer: " + e.getMessage());
                return BAD_INPUT;
              }
              throw e;
            });
  }
}
