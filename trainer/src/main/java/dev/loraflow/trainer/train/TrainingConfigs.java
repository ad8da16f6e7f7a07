package dev.loraflow.trainer.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds, checks and stores {@link TrainingConfig}s: from setting maps, and as JSON. */
public final class TrainingConfigs {

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final Set<String> SCHEDULERS =
      Set.of(
          "constant",
          "constant_with_warmup",
          "linear",
          "cosine",
          "cosine_with_restarts",
          "polynomial");
  private static final Set<String> LOSSES = Set.of("l2", "l1", "huber", "smooth_l1");
  private static final Set<String> PRECISIONS = Set.of("no", "fp16", "bf16");
  private static final Set<String> SAVE_PRECISIONS = Set.of("fp16", "bf16", "float");
  private static final Set<String> DEVICES = Set.of("auto", "cpu", "gpu");
  private static final Set<String> OPTIMIZERS = Set.of("adamw", "adamw8bit");

  private TrainingConfigs() {}

  /** The names of every setting, in declaration order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : TrainingConfig.class.getRecordComponents()) {
      names.add(component.getName());
    }
    return names;
  }

  /**
   * A config from settings by name (values typed, or strings as a command line gives them); an
   * unknown name is an error naming it.
   */
  public static TrainingConfig fromMap(Map<String, ?> settings) {
    try {
      return JSON.convertValue(settings, TrainingConfig.class);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
        throw new IllegalArgumentException(
            "TrainingConfig has no setting '" + unknown.getPropertyName() + "'", e);
      }
      throw new IllegalArgumentException("TrainingConfig: " + rootMessage(e), e);
    }
  }

  /** The settings that differ from null, by name: what {@link #fromMap} reads back. */
  public static Map<String, Object> toMap(TrainingConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.convertValue(config, LinkedHashMap.class);
    return map;
  }

  /** {@code overrides} on top of {@code base}: a setting given in both takes the override's. */
  public static TrainingConfig merge(TrainingConfig base, Map<String, ?> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(toMap(base));
    merged.putAll(overrides);
    return fromMap(merged);
  }

  public static void write(TrainingConfig config, Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
  }

  public static TrainingConfig read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), TrainingConfig.class);
  }

  /**
   * Checks a config before anything is loaded; each problem names its setting. Returns the same
   * config, so a caller can chain it.
   */
  public static TrainingConfig validate(TrainingConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.trainDataDir() == null) {
      problems.add("trainDataDir is required: the folder holding the {repeats}_{name} folders");
    }
    if (c.baseModel() == null) {
      problems.add("baseModel is required: an SD 1.x .safetensors or .ckpt file");
    }
    oneOf(problems, "lrScheduler", c.lrScheduler(), SCHEDULERS);
    oneOf(problems, "lossType", c.lossType(), LOSSES);
    oneOf(problems, "mixedPrecision", c.mixedPrecision(), PRECISIONS);
    oneOf(problems, "savePrecision", c.savePrecision(), SAVE_PRECISIONS);
    oneOf(problems, "device", c.device(), DEVICES);
    oneOf(problems, "optimizerType", c.optimizerType().toLowerCase(), OPTIMIZERS);
    positive(problems, "resolution", c.resolution());
    positive(problems, "networkDim", c.networkDim());
    positive(problems, "trainBatchSize", c.trainBatchSize());
    positive(problems, "gradientAccumulationSteps", c.gradientAccumulationSteps());
    if (c.maxTrainSteps() != null) {
      positive(problems, "maxTrainSteps", c.maxTrainSteps());
    }
    if (c.maxTrainEpochs() != null) {
      positive(problems, "maxTrainEpochs", c.maxTrainEpochs());
    }
    notNegative(problems, "convDim", c.convDim());
    notNegative(problems, "saveEveryNSteps", c.saveEveryNSteps());
    notNegative(problems, "saveEveryNEpochs", c.saveEveryNEpochs());
    notNegative(problems, "saveLastNSteps", c.saveLastNSteps());
    notNegative(problems, "keepTokens", c.keepTokens());
    if (c.clipSkip() < 1) {
      problems.add("clipSkip must be 1 or more, got " + c.clipSkip());
    }
    if (!List.of(75, 150, 225).contains(c.maxTokenLength())) {
      problems.add("maxTokenLength must be 75, 150 or 225, got " + c.maxTokenLength());
    }
    rate(problems, "captionDropoutRate", c.captionDropoutRate());
    rate(problems, "captionTagDropoutRate", c.captionTagDropoutRate());
    if (!(c.learningRate() > 0)) {
      problems.add("learningRate must be positive, got " + c.learningRate());
    }
    if (c.lrScheduler().equals("constant") && c.lrWarmupSteps() > 0) {
      problems.add(
          "lrWarmupSteps needs lrScheduler constant_with_warmup (or another), not constant");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return c;
  }

  private static void oneOf(List<String> problems, String name, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      problems.add(name + " must be one of " + new java.util.TreeSet<>(allowed) + ", got " + value);
    }
  }

  private static void positive(List<String> problems, String name, int value) {
    if (value < 1) {
      problems.add(name + " must be 1 or more, got " + value);
    }
  }

  private static void notNegative(List<String> problems, String name, int value) {
    if (value < 0) {
      problems.add(name + " must not be negative, got " + value);
    }
  }

  private static void rate(List<String> problems, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      problems.add(name + " must be between 0 and 1, got " + value);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
