package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What earlier runs downloaded, under one folder, so a rerun downloads nothing already there:
 *
 * <ul>
 *   <li>{@code files/ab/abcdef….jpg}: each file once, named by its verified md5, so the same image
 *       from two boorus is stored (and downloaded) once;
 *   <li>{@code archive.tsv}: one {@code site, post id, md5} line per post served, like Grabber's
 *       md5 list.
 * </ul>
 *
 * A file is written to a temporary name and renamed into place, so a crash never leaves a partial
 * file that a later run would trust; reads check the md5 again. The temporary {@code .part} files a
 * crash leaves behind are deleted when the archive is next opened.
 */
final class DownloadArchive {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadArchive.class);
  static final String ARCHIVE_FILE = "archive.tsv";
  private static final String PART = ".part";
  // A live download writes its .part within milliseconds of creating it; one this old is a crash's.
  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);
  private static final Object APPEND_LOCK = new Object();
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  /** The archive under {@code root}, with the posts earlier runs recorded. */
  DownloadArchive(Path root) throws IOException {
    this.root = root;
    if (SWEPT.add(root.toAbsolutePath().normalize())) {
      deleteAbandonedParts(root.resolve("files"), Instant.now().minus(ABANDONED_AFTER));
    }
    Path archive = root.resolve(ARCHIVE_FILE);
    if (Files.isRegularFile(archive)) {
      try (Stream<String> lines = Files.lines(archive, StandardCharsets.UTF_8)) {
        lines.forEach(recorded::add);
      }
    }
  }

  /** The stored file of {@code post}, if an earlier run (of any site) kept it intact. */
  Optional<Path> find(BooruPost post) throws IOException {
    Path file = fileOf(post);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (!Hashes.md5Hex(Files.readAllBytes(file)).equals(post.md5())) {
      Files.delete(file); // damaged outside loraflow: download it again
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** Keeps verified {@code bytes} of {@code post} (temporary file, rename, archive line). */
  Path store(BooruPost post, byte[] bytes) throws IOException {
    Path file = fileOf(post);
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), post.md5(), PART);
    try {
      Files.write(temporary, bytes);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    record(post);
    return file;
  }

  /** Notes that {@code post} was served, once per site, post and md5. */
  void record(BooruPost post) throws IOException {
    String entry = post.site().id() + "\t" + post.id() + "\t" + post.md5();
    if (!recorded.add(entry)) {
      return;
    }
    // One JVM-wide lock keeps lines whole across threads; O_APPEND keeps them whole across JVMs.
    synchronized (APPEND_LOCK) {
      Files.createDirectories(root);
      Files.writeString(
          root.resolve(ARCHIVE_FILE),
          entry + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** Deletes the {@code .part} files under {@code files} last written before {@code cutoff}. */
  static void deleteAbandonedParts(Path files, Instant cutoff) throws IOException {
    if (!Files.isDirectory(files)) {
      return;
    }
    List<Path> abandoned;
    try (Stream<Path> walk = Files.walk(files, 2)) {
      abandoned =
          walk.filter(path -> path.getFileName().toString().endsWith(PART))
              .filter(path -> lastWritten(path).isBefore(cutoff))
              .toList();
    }
    for (Path part : abandoned) {
      Files.deleteIfExists(part);
    }
    if (!abandoned.isEmpty()) {
      LOG.info(
          "Deleted {} partial downloads left by an interrupted run in {}", abandoned.size(), files);
    }
  }

  private static Instant lastWritten(Path path) {
    try {
      return Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      return Instant.MAX; // gone already, or unreadable: not ours to delete
    }
  }

  private Path fileOf(BooruPost post) {
    return root.resolve("files")
        .resolve(post.md5().substring(0, 2))
        .resolve(post.md5() + "." + post.extension());
  }
}
