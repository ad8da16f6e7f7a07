package dev.loraflow.transforms.layout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes a whole file or nothing: bytes go to a hidden temporary name beside the target, which is
 * then renamed over it. An interrupted run leaves at most a {@code .tmp} file that kohya ignores,
 * never a half image.
 */
final class AtomicFiles {
  /**
   * The temporary names {@link #write} gives, {@code .<target>.<UUID>.tmp}: those of every loraflow
   * version, including those before staging that wrote beside the dataset's own files.
   */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}\\.tmp");

  private AtomicFiles() {}

  /** Whether {@code fileName} is a temporary file of {@link #write}, left there by a kill. */
  static boolean isTemporary(String fileName) {
    return TEMPORARY.matcher(fileName).matches();
  }

  /** Writes {@code bytes} to {@code target} through Beam's {@code FileSystems}. */
  public static void write(ResourceId target, byte[] bytes) throws IOException {
    ResourceId temp =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + "." + UUID.randomUUID() + ".tmp",
                StandardResolveOptions.RESOLVE_FILE);
    try {
      try (OutputStream out =
          Channels.newOutputStream(FileSystems.create(temp, "application/octet-stream"))) {
        out.write(bytes);
      }
      FileSystems.rename(List.of(temp), List.of(target));
    } catch (IOException e) {
      // a full disk says "No space left on device" without the file; the partial temp file goes
      FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
