package dev.loraflow.trainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The trainer's command line:
 *
 * <pre>java -cp ... dev.loraflow.trainer.cli.TrainerCommand inspect model.safetensors</pre>
 */
@Command(
    name = "loraflow-trainer",
    mixinStandardHelpOptions = true,
    subcommands = {ConvertCkptCommand.class, InspectCheckpointCommand.class, BenchmarkCommand.class},
    description = "SD 1.x checkpoint tools of the loraflow trainer.")
public final class TrainerCommand {

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerCommand()).execute(args));
  }
}
