package dev.loraflow.pipelines;

import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.layout.RejectsReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Decides, before a run starts, whether a recipe may write into its output folder.
 *
 * <p>Allowed: a folder that does not exist yet or is empty (but for loraflow's own {@code
 * .loraflow/} working files, such as an interrupted scrape's downloads), or one that holds an
 * earlier loraflow dataset of the same name, whose files this run then replaces. Anything else
 * (another dataset, a user's own files, the input folder itself) is an error naming the folder:
 * loraflow never overwrites what it did not write.
 */
final class OutputFolder {
  private final String output;

  private OutputFolder(String output) {
    this.output = output;
  }

  /** loraflow's own working files in an output folder (download archive), kept across runs. */
  static final String WORK_DIR = ".loraflow";

  /** Where booru downloads and their archive are kept, so a rerun resumes. */
  static String downloadsOf(String output) {
    return output + "/" + WORK_DIR + "/downloads";
  }

  static OutputFolder of(String output) {
    return new OutputFolder(output);
  }

  /** Checks the folder and removes a previous run's files of the same dataset. */
  void prepare(String name, String input) throws IOException {
    if (input != null && isWithin(output, input)) {
      throw new IllegalArgumentException(
          "--output '"
              + output
              + "' is inside --input '"
              + input
              + "': choose a folder outside your images");
    }
    List<MatchResult.Metadata> existing =
        list(output + "/**").stream()
            .filter(file -> !file.resourceId().toString().contains("/" + WORK_DIR + "/"))
            .toList();
    if (existing.isEmpty()) {
      return;
    }
    DatasetManifest previous = readManifest();
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
    List<ResourceId> ours = new ArrayList<>();
    for (MatchResult.Metadata file : list(output + "/" + previous.folder() + "/*")) {
      ours.add(file.resourceId());
    }
    ours.add(resolve(DatasetManifest.FILE_NAME));
    ours.add(resolve(RejectsReport.FILE_NAME));
    ours.add(FileSystems.matchNewResource(output + "/" + previous.folder(), true)); // empty by now
    FileSystems.delete(ours, StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** The manifest this folder holds, or null if none. */
  DatasetManifest readManifest() throws IOException {
    byte[] bytes = read(DatasetManifest.FILE_NAME);
    if (bytes == null) {
      return null;
    }
    try {
      DatasetManifest manifest = DatasetManifest.parse(bytes);
      return DatasetManifest.FORMAT.equals(manifest.format()) ? manifest : null;
    } catch (IOException e) {
      return null; // a dataset.json of some other tool: not ours
    }
  }

  /** The bytes of {@code fileName} in this folder, or null if it does not exist. */
  byte[] read(String fileName) throws IOException {
    if (list(output + "/" + fileName).isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(resolve(fileName)))) {
      return in.readAllBytes();
    }
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

  private static boolean isWithin(String child, String parent) {
    ResourceId parentDir = FileSystems.matchNewResource(parent, true);
    ResourceId childDir = FileSystems.matchNewResource(child, true);
    return childDir.toString().startsWith(parentDir.toString());
  }
}
