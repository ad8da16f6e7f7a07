package dev.loraflow.trainer.cli;

import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.io.UnsafePickleException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Converts a PyTorch {@code .ckpt} to {@code .safetensors} without running its pickle. The output
 * appears whole or not at all; an existing file is replaced only with {@code --force}, and never
 * when it is the input itself.
 *
 * <pre>
 * java -cp ... dev.loraflow.trainer.cli.TrainerCommand convert-ckpt animefull-final-pruned.ckpt
 * </pre>
 */
@Command(
    name = "convert-ckpt",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a PyTorch .ckpt checkpoint to .safetensors.",
      "A .ckpt is a Python pickle that can run code when Python loads it; this reads it with a"
          + " restricted reader that runs nothing and refuses anything but tensors and dicts."
    })
public final class ConvertCkptCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      description = "The .ckpt file to read (zip or legacy torch.save format).")
  Path input;

  @Option(
      names = "--output",
      description = "The .safetensors file to write (default: beside the input).")
  Path output;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path target = output != null ? output : defaultOutput(input);
    if (Files.exists(target)) {
      // The same file under another name or through a link is the input too.
      if (Files.exists(input) && Files.isSameFile(input, target)) {
        err.println(
            "refused: the output " + target + " is the input file; choose another --output");
        return CommandLine.ExitCode.USAGE;
      }
      if (!force) {
        err.println("refused: " + target + " exists; give --force to replace it");
        return CommandLine.ExitCode.USAGE;
      }
    }
    try (TensorStore reader = Checkpoints.openCkpt(input)) {
      SafetensorsWriter.write(target, reader, Map.of("format", "pt"));
      out.printf("wrote %d tensors to %s%n", reader.tensors().size(), target);
      return 0;
    } catch (UnsafePickleException e) {
      err.println("refused: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
  }

  static Path defaultOutput(Path ckpt) {
    String name = ckpt.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return ckpt.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".safetensors");
  }
}
