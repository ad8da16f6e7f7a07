package dev.loraflow.trainer.train;

import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The folder a run writes its checkpoints, states and loss log to. A folder that already holds
 * checkpoints of the same name belongs to another run and is refused unless this run resumes one of
 * them; each file appears whole (written beside, then moved), so a crash or a full disk during a
 * save leaves every earlier file as it was.
 */
final class CheckpointFolder {

  private final Path dir;
  private final String name;
  private final Dtype dtype;
  private final long sessionId;
  private final Deque<Path> stepCheckpoints = new ArrayDeque<>();

  private CheckpointFolder(Path dir, String name, Dtype dtype, long sessionId) {
    this.dir = dir;
    this.name = name;
    this.dtype = dtype;
    this.sessionId = sessionId;
  }

  static CheckpointFolder prepare(TrainingConfig config, String name) throws IOException {
    Path dir = config.effectiveOutputDir();
    Files.createDirectories(dir);
    if (config.resume() == null) {
      Path earlier = earlierCheckpoint(dir, name);
      if (earlier != null) {
        throw new IOException(
            "TrainingConfig.outputDir "
                + dir
                + " already holds checkpoints of a run named '"
                + name
                + "' ("
                + earlier.getFileName()
                + "): choose another outputName or outputDir, or resume that run from its"
                + " state folder");
      }
    }
    Dtype dtype =
        switch (config.savePrecision()) {
          case BF16 -> Dtype.BF16;
          case FLOAT -> Dtype.F32;
          case FP16 -> Dtype.F16;
        };
    return new CheckpointFolder(dir, name, dtype, new Random().nextLong() >>> 32);
  }

  Path dir() {
    return dir;
  }

  String name() {
    return name;
  }

  long sessionId() {
    return sessionId;
  }

  Dtype dtype() {
    return dtype;
  }

  /**
   * Writes {@code tensors} as {@code fileName} with the full kohya metadata of a save after {@code
   * step} steps in {@code epoch}.
   */
  Path save(
      String fileName, TensorStore tensors, KohyaMetadata.RunFacts facts, long step, int epoch)
      throws IOException {
    Path file = dir.resolve(fileName);
    Instant now = Instant.now();
    Map<String, String> metadata =
        KohyaMetadata.complete(
            KohyaMetadata.training(facts, step, epoch, now), tensors, facts, now);
    try {
      SafetensorsWriter.write(file, tensors, metadata);
    } catch (IOException e) {
      throw new IOException(
          "could not write the checkpoint "
              + file
              + " ("
              + e.getMessage()
              + "); every earlier checkpoint is kept",
          e);
    }
    return file;
  }

  /** Remembers a step checkpoint, deleting the oldest beyond {@code keepLast} (0 keeps all). */
  void keepLastSteps(Path checkpoint, int keepLast) throws IOException {
    stepCheckpoints.addLast(checkpoint);
    while (keepLast > 0 && stepCheckpoints.size() > keepLast) {
      Files.deleteIfExists(stepCheckpoints.removeFirst());
    }
  }

  private static Path earlierCheckpoint(Path dir, String name) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + "*.safetensors")) {
      for (Path file : files) {
        String stem = file.getFileName().toString().replace(CheckpointNames.EXTENSION, "");
        boolean ours = stem.equals(name) || stem.matches(Pattern.quote(name) + "-(step)?\\d+");
        if (ours && Files.isRegularFile(file)) {
          return file;
        }
      }
    }
    return null;
  }
}
