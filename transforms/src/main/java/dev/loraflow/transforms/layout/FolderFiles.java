package dev.loraflow.transforms.layout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The files under one folder, addressed by {@code /}-separated paths relative to it, through Beam's
 * {@code FileSystems}. On a local disk, listing and removing folders go through {@code java.nio}
 * (Beam's globs would read a {@code [} in a name as a pattern, and it has no folders to remove),
 * and links are resolved to tell whether a path really lies inside the folder.
 */
final class FolderFiles {
  private final ResourceId root;

  FolderFiles(ResourceId root) {
    this.root = root;
  }

  ResourceId resolve(String relative) {
    int slash = relative.lastIndexOf('/');
    ResourceId folder = slash < 0 ? root : resolveFolder(relative.substring(0, slash));
    return folder.resolve(relative.substring(slash + 1), StandardResolveOptions.RESOLVE_FILE);
  }

  ResourceId resolveFolder(String relative) {
    ResourceId folder = root;
    for (String part : relative.split("/")) {
      folder = folder.resolve(part, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return folder;
  }

  /** The bytes of {@code relative}, or empty if there is no such file. */
  Optional<byte[]> read(String relative) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resolve(relative)))) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The MD5 of {@code relative}'s bytes, read as a stream; empty if there is no such file. */
  Optional<String> md5(String relative) throws IOException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide MD5", e);
    }
    try (InputStream in =
        new DigestInputStream(Channels.newInputStream(FileSystems.open(resolve(relative))), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
      return Optional.of(HexFormat.of().formatHex(md5.digest()));
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    }
  }

  boolean exists(String relative) throws IOException {
    Optional<Path> local = local();
    if (local.isPresent()) {
      return Files.exists(local.get().resolve(relative), LinkOption.NOFOLLOW_LINKS);
    }
    return !match(resolve(relative).toString()).isEmpty();
  }

  /**
   * The names of the files directly inside folder {@code relative} ({@code ""}: this folder), none
   * if it does not exist.
   */
  List<String> list(String relative) throws IOException {
    Optional<Path> local = local();
    if (local.isPresent()) {
      Path dir = local.get().resolve(relative);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
            .map(f -> f.getFileName().toString())
            .sorted()
            .toList();
      }
    }
    List<String> names = new ArrayList<>();
    ResourceId folder = relative.isEmpty() ? root : resolveFolder(relative);
    for (MatchResult.Metadata file : match(folder + "*")) {
      names.add(file.resourceId().getFilename());
    }
    return names.stream().sorted().toList();
  }

  /** The names of the folders directly inside folder {@code relative}, links not followed. */
  List<String> folders(String relative) throws IOException {
    Optional<Path> local = local();
    if (local.isPresent()) {
      Path dir = local.get().resolve(relative);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
            .map(f -> f.getFileName().toString())
            .sorted()
            .toList();
      }
    }
    // Object stores have no folders: those that hold a file.
    String prefix = resolveFolder(relative).toString();
    Set<String> names = new TreeSet<>();
    for (MatchResult.Metadata file : match(prefix + "*/*")) {
      String path = file.resourceId().toString().substring(prefix.length());
      names.add(path.substring(0, path.indexOf('/')));
    }
    return List.copyOf(names);
  }

  /** Moves {@code relative} of {@code from} to the same path here, replacing what is there. */
  void moveFrom(FolderFiles from, String relative) throws IOException {
    FileSystems.rename(List.of(from.resolve(relative)), List.of(resolve(relative)));
  }

  void delete(String relative) throws IOException {
    FileSystems.delete(List.of(resolve(relative)));
  }

  /**
   * Removes folder {@code relative} if it is empty; object stores have no folders to remove.
   *
   * @return whether a folder was removed
   */
  boolean deleteIfEmpty(String relative) throws IOException {
    Optional<Path> local = local();
    if (local.isPresent()) {
      try {
        return Files.deleteIfExists(local.get().resolve(relative));
      } catch (DirectoryNotEmptyException e) {
        return false; // someone's files are in it: it stays
      }
    }
    return false;
  }

  /** Removes this folder and everything in it, following no links. */
  void deleteAll() throws IOException {
    Optional<Path> local = local();
    if (local.isEmpty()) {
      List<ResourceId> files = new ArrayList<>();
      match(root + "**").forEach(file -> files.add(file.resourceId()));
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
      return;
    }
    if (!Files.exists(local.get(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(local.get())) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Whether {@code relative} lies inside this folder once links are resolved: the path itself if it
   * exists (a link is followed), else its nearest existing parent. Off a local disk there are no
   * links, and a path without {@code ..} parts always lies inside.
   */
  boolean reallyInside(String relative) throws IOException {
    Optional<Path> local = local();
    if (local.isEmpty() || !Files.exists(local.get())) {
      return true;
    }
    Path rootReal = local.get().toRealPath();
    Path existing = local.get().resolve(relative);
    while (!existing.equals(local.get()) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      return existing.toRealPath().startsWith(rootReal);
    } catch (NoSuchFileException e) {
      return false; // a link to nowhere
    }
  }

  /** This folder on the local disk, if it is there. */
  Optional<Path> local() {
    return "file".equals(root.getScheme())
        ? Optional.of(Path.of(root.toString()))
        : Optional.empty();
  }

  private static List<MatchResult.Metadata> match(String pattern) throws IOException {
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
  }
}
