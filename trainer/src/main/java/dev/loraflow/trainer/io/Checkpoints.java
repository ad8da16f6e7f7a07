package dev.loraflow.trainer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a checkpoint by its content, whatever its extension: a zip is a PyTorch .ckpt, a bare
 * pickle a legacy (pre-1.6) .ckpt, anything else must be safetensors.
 */
public final class Checkpoints {

  private Checkpoints() {}

  private enum Format {
    ZIP_CKPT,
    LEGACY_CKPT,
    SAFETENSORS
  }

  public static TensorStore open(Path file) throws IOException {
    return switch (format(file)) {
      case ZIP_CKPT -> CkptReader.open(file);
      case LEGACY_CKPT -> LegacyCkptReader.open(file);
      case SAFETENSORS -> SafetensorsReader.open(file);
    };
  }

  /** Opens a pickle-based checkpoint (zip or legacy); refuses anything else. */
  public static TensorStore openCkpt(Path file) throws IOException {
    return switch (format(file)) {
      case ZIP_CKPT -> CkptReader.open(file);
      case LEGACY_CKPT -> LegacyCkptReader.open(file);
      case SAFETENSORS ->
          throw new IOException(file + ": not a PyTorch .ckpt (neither a zip nor a pickle)");
    };
  }

  private static Format format(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      return Format.ZIP_CKPT;
    }
    if (magic.length >= 2 && magic[0] == (byte) 0x80 && magic[1] == 2) { // pickle protocol 2
      return Format.LEGACY_CKPT;
    }
    return Format.SAFETENSORS;
  }
}
