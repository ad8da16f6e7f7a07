package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Draws requests with an {@link ImageSampler} and writes each as a PNG carrying A1111's {@code
 * parameters} (the base model's name and hash, the LoRA files' hashes).
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

  /** Draws {@code request} into {@code file} (its folder is created); returns what was drawn. */
  public ImageSampler.Sample write(SampleRequest request, Path file, NDManager manager)
      throws IOException {
    ImageSampler.Sample sample = sampler.draw(request, manager);
    Parameters parameters =
        new Parameters(
            sample.request(), modelName, modelHash, loraHashes, sampler.prompts().clipSkip());
    Files.createDirectories(file.toAbsolutePath().getParent());
    PngFiles.write(file, sample.image(), PARAMETERS, parameters.text());
    return sample;
  }
}
