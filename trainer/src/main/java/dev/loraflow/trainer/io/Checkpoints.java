package dev.loraflow.trainer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a checkpoint by its content: a zip is a PyTorch .ckpt, a bare pickle a legacy (pre-1.6)
 * .ckpt, anything else must be safetensors.
 */
public final class Checkpoints {

  private Checkpoints() {}

  public static TensorStore open(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      return CkptReader.open(file);
    }
    if (magic.length >= 2 && magic[0] == (byte) 0x80 && magic[1] == 2) { // pickle protocol 2
      return LegacyCkptReader.open(file);
    }
    return SafetensorsReader.open(file);
  }
}
