package dev.loraflow.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;

/**
 * A sample's encoded image: held in memory, or kept in a file (on any Beam file system) and read
 * when a stage needs it.
 *
 * <p>Files keep a pipeline's memory flat where a runner queues a whole stage's output before the
 * next stage runs, as the DirectRunner does: ten thousand booru downloads waiting to be decoded are
 * ten thousand paths, not ten thousand images. A file must not change while the pipeline runs; the
 * booru archive names its files by md5, so they never do.
 */
public abstract class ImageBytes {

  private ImageBytes() {}

  /** {@code bytes}, held in memory. */
  public static ImageBytes of(byte[] bytes) {
    return new InMemory(Objects.requireNonNull(bytes, "bytes"));
  }

  /** The content of {@code file}, a path or Beam file system URI, read on each {@link #read()}. */
  public static ImageBytes inFile(String file) {
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("an image file path is required");
    }
    return new InFile(file);
  }

  /** The encoded image; a file that cannot be read throws, naming it. */
  public abstract byte[] read();

  /** The file that holds the bytes, when they are not held in memory. */
  public abstract Optional<String> file();

  private static final class InMemory extends ImageBytes {
    private final byte[] bytes;

    InMemory(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public byte[] read() {
      return bytes; // elements are immutable in Beam: nobody writes into it
    }

    @Override
    public Optional<String> file() {
      return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof InMemory that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return bytes.length + " bytes";
    }
  }

  private static final class InFile extends ImageBytes {
    private final String file;

    InFile(String file) {
      this.file = file;
    }

    @Override
    public byte[] read() {
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read image file " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Optional<String> file() {
      return Optional.of(file);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof InFile that && file.equals(that.file);
    }

    @Override
    public int hashCode() {
      return file.hashCode();
    }

    @Override
    public String toString() {
      return file;
    }
  }
}
