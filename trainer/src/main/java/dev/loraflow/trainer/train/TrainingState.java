package dev.loraflow.trainer.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resumable snapshot of a run, as a folder ({@code mychar-step00001000-state/}): the LoRA in
 * float32, the optimizer's moments, and {@code train_state.json} with the step, the epoch, the
 * position in the epoch's batch order and what the loss average and the fp16 loss scaling need. The
 * noise of a step follows from the seed and the step alone, so no generator state is kept. The
 * folder appears whole or not at all.
 */
public record TrainingState(
    @JsonProperty("current_step") long step,
    @JsonProperty("current_epoch") int epoch,
    int batchInEpoch,
    long seed,
    long sessionId,
    long startedAt,
    double lossScale,
    int lossScaleGoodSteps,
    List<Double> epochLosses) {

  static final String STATE_JSON = "train_state.json";
  static final String LORA = "lora.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String CONFIG = "config.json";

  public TrainingState {
    epochLosses = List.copyOf(epochLosses);
  }

  /** Writes the state folder {@code dir} atomically (beside, then renamed). */
  void save(Path dir, TensorStore lora, TensorStore optimizer, TrainingConfig config)
      throws IOException {
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    deleteTree(partial);
    Files.createDirectories(partial);
    try {
      SafetensorsWriter.write(partial.resolve(LORA), lora, Map.of());
      SafetensorsWriter.write(partial.resolve(OPTIMIZER), optimizer, Map.of());
      TrainingConfigs.write(config, partial.resolve(CONFIG));
      Files.writeString(
          partial.resolve(STATE_JSON),
          TrainingConfigs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
      deleteTree(dir);
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteTree(partial);
      throw new IOException("could not save the training state " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code dir}'s {@code train_state.json}; the tensors are opened by the caller. */
  static TrainingState read(Path dir) throws IOException {
    Path json = dir.resolve(STATE_JSON);
    if (!Files.isRegularFile(json)) {
      throw new IOException(dir + " is not a loraflow state folder (it has no " + STATE_JSON + ")");
    }
    return TrainingConfigs.JSON.readValue(json.toFile(), TrainingState.class);
  }

  static TensorStore openLora(Path dir) throws IOException {
    return SafetensorsReader.open(dir.resolve(LORA));
  }

  static TensorStore openOptimizer(Path dir) throws IOException {
    return SafetensorsReader.open(dir.resolve(OPTIMIZER));
  }

  static TrainingConfig readConfig(Path dir) throws IOException {
    return TrainingConfigs.read(dir.resolve(CONFIG));
  }

  /**
   * Refuses to resume with settings that change the data order, the step count or the network's
   * shape: the saved position and moments would then mean something else. Names each setting.
   */
  static void requireCompatible(Path dir, TrainingConfig current) throws IOException {
    Map<String, Object> saved = TrainingConfigs.toMap(readConfig(dir));
    Map<String, Object> now = TrainingConfigs.toMap(current);
    List<String> changed = new java.util.ArrayList<>();
    for (String name : SHAPING) {
      if (!java.util.Objects.equals(saved.get(name), now.get(name))) {
        changed.add(name + " " + saved.get(name) + " -> " + now.get(name));
      }
    }
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException(
          "TrainingConfig.resume: "
              + dir
              + " was saved with other settings ("
              + String.join(", ", changed)
              + "); resume with the settings of the run that saved it");
    }
  }

  /** The settings a resumed run must share with the run that saved the state. */
  private static final List<String> SHAPING =
      List.of(
          "trainDataDir",
          "regDataDir",
          "resolution",
          "enableBucket",
          "minBucketReso",
          "maxBucketReso",
          "bucketResoSteps",
          "bucketNoUpscale",
          "trainBatchSize",
          "gradientAccumulationSteps",
          "maxTrainSteps",
          "maxTrainEpochs",
          "networkDim",
          "networkAlpha",
          "convDim",
          "convAlpha",
          "networkTrainUnetOnly",
          "lrScheduler",
          "lrWarmupSteps");

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
