package dev.loraflow.trainer.sample;

import dev.loraflow.trainer.io.SafetensorsHashes;
import java.io.IOException;
import java.nio.file.Path;

/** The short hashes A1111 shows for the files an image was made with. */
public final class ModelHash {

  private ModelHash() {}

  /** A checkpoint's: the first 10 hex digits of the file's sha256. */
  public static String ofModel(Path file) throws IOException {
    return SafetensorsHashes.sha256OfFile(file).substring(0, 10);
  }

  /** A LoRA's: the first 12 hex digits of its tensor bytes' sha256 (the "addnet" hash). */
  public static String ofLora(Path file) throws IOException {
    return SafetensorsHashes.modelOfFile(file).substring(0, 12);
  }
}
