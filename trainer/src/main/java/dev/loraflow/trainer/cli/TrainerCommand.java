package dev.loraflow.trainer.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line:
 *
 * <pre>mvn -q -pl trainer compile exec:java -Dtrainer -Dexec.args="inspect model.safetensors"</pre>
 */
@Command(
    name = "loraflow-trainer",
    mixinStandardHelpOptions = true,
    subcommands = {
      ConvertCkptCommand.class,
      InspectCheckpointCommand.class,
      BenchmarkCommand.class
    },
    description = "SD 1.x checkpoint tools of the loraflow trainer.")
public final class TrainerCommand {

  /** Exit code when the input file is not what the command needs. */
  static final int BAD_INPUT = 1;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with bad files reported as one line instead of a stack trace. */
  static CommandLine commandLine() {
    return new CommandLine(new TrainerCommand())
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof IOException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("loraflow-trainer: " + e.getMessage());
                return BAD_INPUT;
              }
              throw e;
            });
  }
}
