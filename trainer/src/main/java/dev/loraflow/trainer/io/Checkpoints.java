package dev.loraflow.trainer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a checkpoint by its content: a zip is a PyTorch .ckpt, anything else must be safetensors. */
public final class Checkpoints {

  private Checkpoints() {}

  public static TensorStore open(Path file) throws IOException {
    return isZip(file) ? CkptReader.open(file) : SafetensorsReader.open(file);
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
  }
}
