package dev.loraflow.transforms.layout;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * An output folder as a run finds it: the dataset an earlier run wrote there, known by its {@code
 * dataset.json}, and loraflow's own working files in {@code .loraflow/}, where a run writes its
 * dataset before putting it in place.
 *
 * <p>A manifest is input: it may be hand-edited or come from someone else. Every path read from one
 * must name a file of its repeat folder ({@code img/{repeats}_{name}/file}) and lie inside this
 * folder once links are resolved, or the manifest is refused before anything is read or deleted.
 */
public final class DatasetFolder {
  /** loraflow's working files in an output folder (download archive, staging): not the dataset. */
  public static final String WORK_DIR = ".loraflow";

  private static final String STAGING = "staging";

  private final String location;
  private final FolderFiles files;

  private DatasetFolder(String location, ResourceId root) {
    this.location = location;
    this.files = new FolderFiles(root);
  }

  /** The output folder {@code output} (a local path or any Beam file system URI). */
  public static DatasetFolder at(String output) {
    return new DatasetFolder(output, FileSystems.matchNewResource(output, true));
  }

  /** Where a run writes its dataset until it is complete: {@code .loraflow/staging/}. */
  DatasetFolder staging() {
    String relative = WORK_DIR + "/" + STAGING;
    return new DatasetFolder(location + "/" + relative, files.resolveFolder(relative));
  }

  String location() {
    return location;
  }

  FolderFiles files() {
    return files;
  }

  /**
   * The {@code dataset.json} here if loraflow wrote it, its paths checked.
   *
   * @throws IllegalArgumentException naming the first path that is not a file of its repeat folder
   *     inside this folder
   */
  public Optional<DatasetManifest> manifest() throws IOException {
    Optional<byte[]> bytes = files.read(DatasetManifest.FILE_NAME);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.parse(bytes.get());
    } catch (IOException e) {
      return Optional.empty(); // a dataset.json of some other tool: not ours
    }
    if (!DatasetManifest.FORMAT.equals(manifest.format())) {
      return Optional.empty();
    }
    checkPaths(manifest);
    return Optional.of(manifest);
  }

  /**
   * Puts right what an interrupted run left: a replacement that stopped after its new dataset was
   * complete is finished, and any other staged files are removed, so the folder holds the last
   * complete dataset. Temporary files that a run of a version before staging left beside the
   * dataset's files go too.
   *
   * @return the files of the repeat folders kept because loraflow did not write them
   */
  public List<String> recover() throws IOException {
    removeUnstagedTemporaryFiles();
    if (staging().files.exists(DatasetManifest.FILE_NAME)) {
      return DatasetCommit.commit(this);
    }
    removeStaging();
    return List.of();
  }

  /**
   * What a run tells the user about {@code kept}, the files it left because it did not write them.
   */
  public String keepingMessage(List<String> kept) {
    return "Keeping "
        + kept.size()
        + " file(s) you added or changed in "
        + location
        + ": "
        + String.join(", ", kept)
        + " (loraflow deletes only the files it wrote)";
  }

  /**
   * Before staging, a run wrote each file through a temporary one beside it (in the output folder
   * and its repeat folders), which a kill left there. A repeat folder that held only those goes
   * with them.
   */
  private void removeUnstagedTemporaryFiles() throws IOException {
    removeTemporaryFiles("");
    boolean emptied = false;
    for (String folder : files.folders("img")) {
      if (removeTemporaryFiles("img/" + folder)) {
        emptied |= files.deleteIfEmpty("img/" + folder);
      }
    }
    if (emptied) {
      files.deleteIfEmpty("img");
    }
  }

  private boolean removeTemporaryFiles(String folder) throws IOException {
    boolean removed = false;
    for (String name : files.list(folder)) {
      if (AtomicFiles.isTemporary(name)) {
        files.delete(folder.isEmpty() ? name : folder + "/" + name);
        removed = true;
      }
    }
    return removed;
  }

  void removeStaging() throws IOException {
    staging().files.deleteAll();
    files.deleteIfEmpty(WORK_DIR);
  }

  private void checkPaths(DatasetManifest manifest) throws IOException {
    String folder = manifest.folder();
    if (folder == null
        || !folder.startsWith("img/")
        || !isPlainName(folder.substring("img/".length()))) {
      throw outside(String.valueOf(folder));
    }
    for (DatasetManifest.WrittenFile file : manifest.writtenFiles()) {
      String path = file.path();
      if (path == null
          || file.md5() == null
          || !path.startsWith(folder + "/")
          || !isPlainName(path.substring(folder.length() + 1))) {
        throw outside(String.valueOf(path));
      }
    }
    if (!files.reallyInside(folder)) {
      throw outside(folder);
    }
    for (DatasetManifest.WrittenFile file : manifest.writtenFiles()) {
      if (!files.reallyInside(file.path())) {
        throw outside(file.path());
      }
    }
  }

  IllegalArgumentException outside(String path) {
    return new IllegalArgumentException(
        "WriteKohyaDataset.to(dir): "
            + location
            + "/"
            + DatasetManifest.FILE_NAME
            + " names '"
            + path
            + "', which is not a file of its repeat folder inside '"
            + location
            + "' (links resolved): loraflow touches nothing outside its dataset; fix or remove"
            + " that dataset.json");
  }

  // One path segment: no separators, no drive or stream colon, no . or .., no control characters.
  private static boolean isPlainName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && !name.matches(".*[/\\\\:\\p{Cntrl}].*");
  }
}
