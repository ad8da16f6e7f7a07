package dev.loraflow.pipelines;

import dev.loraflow.transforms.layout.DatasetFolder;
import dev.loraflow.transforms.layout.DatasetManifest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Decides, before a run starts, whether a recipe may write into its output folder.
 *
 * <p>Allowed: a folder that does not exist yet or is empty (but for loraflow's own {@code
 * .loraflow/} working files, such as an interrupted scrape's downloads), or one that holds an
 * earlier loraflow dataset of the same name, which the run then replaces ({@code WriteKohyaDataset}
 * deletes only the files that dataset wrote). Refused with an error naming the folder: another
 * dataset, someone else's files, and an output that overlaps the input either way once links are
 * resolved (a run would replace the images it reads). What an interrupted run left is finished or
 * discarded first.
 */
final class OutputFolder {
  private final String output;
  private final PrintStream out;

  private OutputFolder(String output, PrintStream out) {
    this.output = output;
    this.out = out;
  }

  /** Where booru downloads and their archive are kept, so a rerun resumes. */
  static String downloadsOf(String output) {
    return output + "/" + DatasetFolder.WORK_DIR + "/downloads";
  }

  /** The folder {@code output}; what a check has to tell goes to {@code out}. */
  static OutputFolder of(String output, PrintStream out) {
    return new OutputFolder(output, out);
  }

  /** Checks the folder against the run's dataset {@code name} and {@code input} folder. */
  void prepare(String name, String input) throws IOException {
    if (input != null) {
      checkApart(input);
    }
    DatasetFolder folder = DatasetFolder.at(output);
    List<String> kept = folder.recover();
    if (!kept.isEmpty()) {
      out.println(folder.keepingMessage(kept));
    }
    boolean empty =
        list(output + "/**").stream()
            .allMatch(
                file -> file.resourceId().toString().contains("/" + DatasetFolder.WORK_DIR + "/"));
    if (empty) {
      return;
    }
    DatasetManifest previous = folder.manifest().orElse(null);
    if (previous == null) {
      throw new IllegalArgumentException(
          "--output '"
              + output
              + "' already holds files that loraflow did not write: choose an empty or new folder");
    }
    if (!previous.name().equals(name)) {
      throw new IllegalArgumentException(
          "--output '"
              + output
              + "' already holds the dataset '"
              + previous.name()
              + "', not '"
              + name
              + "': choose another folder or use --name="
              + previous.name());
    }
  }

  // A run replaces its output, so neither folder may hold the other.
  private void checkApart(String input) {
    if (FolderPaths.contains(input, output)) {
      throw new IllegalArgumentException(
          "--output '"
              + output
              + "' is inside --input '"
              + input
              + "' (links resolved): choose a folder outside your images");
    }
    if (FolderPaths.contains(output, input)) {
      throw new IllegalArgumentException(
          "--input '"
              + input
              + "' is inside --output '"
              + output
              + "' (links resolved): a run replaces what it wrote there; read your images from"
              + " a folder of their own, or choose a new --output");
    }
  }

  /**
   * The manifest the run just wrote; {@code runner} ran it and is named when this machine does not
   * see the file.
   */
  DatasetManifest readManifest(String runner) throws IOException {
    Optional<DatasetManifest> manifest = DatasetFolder.at(output).manifest();
    if (manifest.isEmpty()) {
      throw notHere(DatasetManifest.FILE_NAME, runner);
    }
    return manifest.get();
  }

  /** The bytes of {@code fileName}, just written by the job {@code runner} ran. */
  byte[] read(String fileName, String runner) throws IOException {
    if (list(output + "/" + fileName).isEmpty()) {
      throw notHere(fileName, runner);
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(resolve(fileName)))) {
      return in.readAllBytes();
    }
  }

  // The workers wrote the output where this machine cannot see it.
  private FileNotFoundException notHere(String fileName, String runner) {
    return new FileNotFoundException(
        "the "
            + runner
            + " job finished, but "
            + resolve(fileName)
            + " is not there on this machine: --output must be a folder that the workers and"
            + " this client share (a shared mount, or a file system URI Beam reads on both)");
  }

  private ResourceId resolve(String fileName) {
    return FileSystems.matchNewResource(output, true)
        .resolve(fileName, StandardResolveOptions.RESOLVE_FILE);
  }

  private static List<MatchResult.Metadata> list(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      return match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + pattern, e);
    }
  }
}
