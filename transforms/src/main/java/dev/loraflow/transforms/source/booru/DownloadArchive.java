package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.image.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
 * file that a later run would trust; reads check the md5 again.
 */
final class DownloadArchive {

  static final String ARCHIVE_FILE = "archive.tsv";
  private static final Object APPEND_LOCK = new Object();

  private final Path root;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  /** The archive under {@code root}, with the posts earlier runs recorded. */
  DownloadArchive(Path root) throws IOException {
    this.root = root;
    Path archive = root.resolve(ARCHIVE_FILE);
    if (Files.isRegularFile(archive)) {
      try (Stream<String> lines = Files.lines(archive, StandardCharsets.UTF_8)) {
        lines.forEach(recorded::add);
      }
    }
  }

  /** The stored bytes of {@code post}'s file, if an earlier run (of any site) kept them intact. */
  Optional<byte[]> find(BooruPost post) throws IOException {
    Path file = fileOf(post);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(file);
    if (!Hashes.md5Hex(bytes).equals(post.md5())) {
      Files.delete(file); // damaged outside loraflow: download it again
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** Keeps verified {@code bytes} of {@code post}: temporary file, rename, archive line. */
  void store(BooruPost post, byte[] bytes) throws IOException {
    Path file = fileOf(post);
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), post.md5(), ".part");
    try {
      Files.write(temporary, bytes);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    record(post);
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

  private Path fileOf(BooruPost post) {
    return root.resolve("files")
        .resolve(post.md5().substring(0, 2))
        .resolve(post.md5() + "." + post.extension());
  }
}
