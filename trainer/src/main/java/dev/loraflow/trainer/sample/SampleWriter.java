package dev.loraflow.trainer.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what an {@link ImageSampler} drew as PNGs carrying A1111's {@code parameters} (the base
 * model's name and hash, the LoRA files' hashes).
 */
public final class SampleWriter {

  /** The PNG text keyword A1111 writes and reads. */
  public static final String PARAMETERS = "parameters";

  private final ImageSampler sampler;
  private final String modelName;
  private final String modelHash;
  private final Map<String, String> loraHashes;

  public SampleWriter(
      ImageSampler sampler, String modelName, String modelHash, Map<String, String> loraHashes) {
    this.sampler = sampler;
    this.modelName = modelName;
    this.modelHash = modelHash;
    this.loraHashes = loraHashes;
  }

  public ImageSampler sampler() {
    return sampler;
  }

  /** Writes {@code sample} as {@code file} (its folder is created), with its parameters. */
  public void write(ImageSampler.Sample sample, Path file) throws IOException {
    Parameters parameters =
        new Parameters(
            sample.request(), modelName, modelHash, loraHashes, sampler.prompts().clipSkip());
    Files.createDirectories(file.toAbsolutePath().getParent());
    PngFiles.write(file, sample.image(), PARAMETERS, parameters.text());
  }
}
