package dev.loraflow.transforms.layout;

import dev.loraflow.transforms.layout.DatasetManifest.WrittenFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts a complete staged dataset in place of the one before it. The old dataset stays until the new
 * one is whole in {@code .loraflow/staging/}; then its files move in, the old dataset's files that
 * the new one does not replace are deleted (only those whose bytes still have the MD5 its manifest
 * recorded), and {@code dataset.json} moves last.
 *
 * <p>Every step can be repeated: a commit that is killed halfway is finished by the next one, since
 * the staged manifest stays until the end and says which files are new, and the old manifest stays
 * in place until then and says which are old.
 */
final class DatasetCommit {
  /**
   * Moved in after the images, dataset.json last: from then on the folder holds the new dataset.
   */
  private static final List<String> REPORTS =
      List.of(RejectsReport.FILE_NAME, TagsReport.FILE_NAME, DatasetManifest.FILE_NAME);

  private DatasetCommit() {}

  /**
   * Commits {@code output}'s staged dataset.
   *
   * @return the files of the old and new repeat folders kept because loraflow did not write them
   *     (or they were changed since), relative to {@code output}
   * @throws IOException if the new dataset would replace such a file; nothing has moved then
   */
  static List<String> commit(DatasetFolder output) throws IOException {
    DatasetFolder staging = output.staging();
    DatasetManifest next =
        staging
            .manifest()
            .orElseThrow(
                () ->
                    new IOException(
                        "WriteKohyaDataset.to(dir): "
                            + staging.location()
                            + " holds no complete dataset to put in place"));
    Optional<DatasetManifest> previous = output.manifest();
    Map<String, String> previousMd5 =
        previous.map(DatasetCommit::byPath).orElse(Map.of()); // path -> md5
    FolderFiles out = output.files();
    FolderFiles staged = staging.files();

    List<String> pending = new ArrayList<>();
    List<String> notOurs = new ArrayList<>();
    for (WrittenFile file : next.writtenFiles()) {
      if (!staged.exists(file.path())) {
        continue; // moved in by a commit that was interrupted
      }
      if (!out.reallyInside(file.path())) {
        throw output.outside(file.path());
      }
      Optional<String> present = out.md5(file.path());
      if (present.isPresent()
          && !present.get().equals(previousMd5.get(file.path()))
          && !present.get().equals(file.md5())) {
        notOurs.add(file.path());
      }
      pending.add(file.path());
    }
    for (String report : REPORTS) {
      // Replaced by name, when they are an earlier loraflow dataset's.
      if (previous.isEmpty() && staged.exists(report) && out.exists(report)) {
        notOurs.add(report);
      }
    }
    if (!notOurs.isEmpty()) {
      throw new IOException(
          "WriteKohyaDataset.to(dir): the new dataset would replace "
              + notOurs.size()
              + " file(s) in '"
              + output.location()
              + "' that loraflow did not write or that were changed since: "
              + String.join(", ", notOurs)
              + "; move them out and run again");
    }
    for (String path : pending) {
      out.moveFrom(staged, path);
    }

    Set<String> nextPaths = byPath(next).keySet();
    for (WrittenFile old : previous.map(DatasetManifest::writtenFiles).orElse(List.of())) {
      if (!nextPaths.contains(old.path()) && out.md5(old.path()).equals(Optional.of(old.md5()))) {
        out.delete(old.path());
      }
    }
    if (previous.isPresent() && !previous.get().folder().equals(next.folder())) {
      out.deleteIfEmpty(previous.get().folder());
      out.deleteIfEmpty("img"); // as a first run without images leaves it
    }
    for (String report : REPORTS) {
      if (staged.exists(report)) {
        out.moveFrom(staged, report);
      }
    }
    output.removeStaging();
    return kept(out, next, previous);
  }

  // Every file left in the repeat folders that the new dataset did not write.
  private static List<String> kept(
      FolderFiles out, DatasetManifest next, Optional<DatasetManifest> previous)
      throws IOException {
    Set<String> folders = new LinkedHashSet<>();
    folders.add(next.folder());
    previous.ifPresent(p -> folders.add(p.folder()));
    Set<String> ours = byPath(next).keySet();
    List<String> kept = new ArrayList<>();
    for (String folder : folders) {
      for (String name : out.list(folder)) {
        if (!ours.contains(folder + "/" + name)) {
          kept.add(folder + "/" + name);
        }
      }
    }
    return kept;
  }

  private static Map<String, String> byPath(DatasetManifest manifest) {
    return manifest.writtenFiles().stream()
        .collect(Collectors.toMap(WrittenFile::path, WrittenFile::md5, (a, b) -> a));
  }
}
