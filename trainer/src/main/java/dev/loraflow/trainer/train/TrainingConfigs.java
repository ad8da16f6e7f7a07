package dev.loraflow.trainer.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loraflow.trainer.sample.SamplerKind;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds, checks and stores {@link TrainingConfig}s: from setting maps, and as JSON. */
public final class TrainingConfigs {

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // kohya's lower-case values (cosine_with_restarts, fp16) for our enums, both ways
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

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
      if (e.getCause() instanceof InvalidFormatException bad && bad.getTargetType().isEnum()) {
        throw new IllegalArgumentException(
            bad.getPath().get(0).getFieldName()
                + " must be one of "
                + values(bad.getTargetType())
                + ", got "
                + bad.getValue(),
            e);
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
    notNegative(problems, "sampleEveryNSteps", c.sampleEveryNSteps());
    try {
      SamplerKind.parse(c.sampleSampler());
    } catch (IllegalArgumentException e) {
      problems.add("sampleSampler: " + e.getMessage());
    }
    if ((c.sampleEveryNSteps() > 0 || c.sampleAtFirst()) && c.samplePrompts() == null) {
      problems.add("sampleEveryNSteps and sampleAtFirst need samplePrompts, a prompt file");
    }
    rate(problems, "captionDropoutRate", c.captionDropoutRate());
    rate(problems, "captionTagDropoutRate", c.captionTagDropoutRate());
    if (!(c.scaleWeightNorms() >= 0) || c.scaleWeightNorms().isInfinite()) {
      problems.add("scaleWeightNorms must be finite and >= 0, got " + c.scaleWeightNorms());
    }
    if (c.maxTimestep() > 1000) {
      problems.add(
          "maxTimestep must be at most 1000 (SD 1.x has 1000 timesteps), got " + c.maxTimestep());
    }
    try {
      TrainingNoise.from(c);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!(c.learningRate() > 0)) {
      problems.add("learningRate must be positive, got " + c.learningRate());
    }
    if (c.lrScheduler() == LearningRateSchedule.Kind.CONSTANT && c.lrWarmupSteps() > 0) {
      problems.add(
          "lrWarmupSteps needs lrScheduler constant_with_warmup (or another), not constant");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return c;
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

  /** An enum's values as the settings spell them. */
  public static List<String> values(Class<?> enumType) {
    List<String> names = new ArrayList<>();
    for (Object constant : enumType.getEnumConstants()) {
      names.add(name((Enum<?>) constant));
    }
    return names;
  }

  /** A setting's value as kohya spells it: {@code cosine_with_restarts}, {@code fp16}. */
  public static String name(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
