package dev.loraflow.trainer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loraflow.trainer.train.KohyaGuiConfig;
import dev.loraflow.trainer.train.LoraTrainer;
import dev.loraflow.trainer.train.TrainingConfig;
import dev.loraflow.trainer.train.TrainingConfigs;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code train}: trains a LoRA on a kohya image folder. Its options are {@link TrainingConfig}'s
 * settings, one {@code --name} each, built from the record so the two never drift apart; {@code
 * --kohyaConfig} imports a kohya GUI JSON first, and options given on the command line win.
 *
 * <pre>
 * train --trainDataDir=data/img --baseModel=sd15.safetensors --outputName=mychar --clipSkip=2
 * train --trainDataDir=data/img --baseModel=hf:owner/name/model.safetensors --outputName=mychar
 * </pre>
 */
public final class TrainCommand implements Callable<Integer> {

  static final String KOHYA_CONFIG = "--kohyaConfig";

  private final CommandSpec spec;

  private TrainCommand() {
    spec = CommandSpec.wrapWithoutInspection(this);
    spec.name("train").mixinStandardHelpOptions(true);
    spec.usageMessage()
        .description(
            "Trains a LoRA for an SD 1.x model on a kohya image folder ({repeats}_{name}"
                + " subfolders of images with .txt captions) and writes kohya-format"
                + " .safetensors checkpoints.");
    spec.addOption(
        OptionSpec.builder(KOHYA_CONFIG)
            .type(Path.class)
            .paramLabel("FILE")
            .description(
                "A LoRA config saved by the kohya GUI (confignew.json); options given here win.")
            .build());
    TrainingConfig defaults = TrainingConfig.defaults();
    for (RecordComponent component : TrainingConfig.class.getRecordComponents()) {
      spec.addOption(option(component, defaults));
    }
  }

  /** The command, ready to be added to a {@link CommandLine} or executed alone. */
  public static CommandLine commandLine() {
    return new CommandLine(new TrainCommand().spec).setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static OptionSpec option(RecordComponent component, TrainingConfig defaults) {
    JsonPropertyDescription help =
        component.getAccessor().getAnnotation(JsonPropertyDescription.class);
    Object fallback;
    try {
      fallback = component.getAccessor().invoke(defaults);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record accessors are public", e);
    }
    String description = help == null ? "" : help.value();
    if (fallback instanceof Enum<?> constant) {
      description += " (default: " + TrainingConfigs.name(constant) + ")";
    } else if (fallback != null && !fallback.toString().isEmpty()) {
      description += " (default: " + fallback + ")";
    }
    OptionSpec.Builder option =
        OptionSpec.builder("--" + component.getName())
            .type(component.getType())
            .paramLabel(label(component))
            .description(description);
    if (component.getType() == Boolean.class) {
      option.arity("0..1").fallbackValue("true"); // --flipAug alone means true
    }
    return option.build();
  }

  private static String label(RecordComponent component) {
    Class<?> type = component.getType();
    String name = component.getName();
    if (type == Integer.class || type == Long.class) {
      return "N";
    }
    if (type == Double.class) {
      return "X";
    }
    if (type == Boolean.class) {
      return "true|false";
    }
    if (type.isEnum()) {
      return "NAME"; // the description lists the names
    }
    boolean path =
        name.endsWith("Dir")
            || name.equals("baseModel")
            || name.equals("networkWeights")
            || name.equals("resume");
    return path ? "PATH" : "TEXT";
  }

  @Override
  public Integer call() throws Exception {
    ParseResult parsed = spec.commandLine().getParseResult();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> settings = new LinkedHashMap<>();
    if (parsed.hasMatchedOption(KOHYA_CONFIG)) {
      Path file = parsed.matchedOptionValue(KOHYA_CONFIG, (Path) null);
      KohyaGuiConfig.Imported imported = KohyaGuiConfig.read(file);
      if (!imported.unsupported().isEmpty()) {
        err.println(
            "loraflow-trainer: warning: "
                + file
                + " sets what this trainer does not do, ignored: "
                + String.join(", ", imported.unsupported()));
      }
      settings.putAll(imported.settings());
    }
    for (OptionSpec option : parsed.matchedOptions()) {
      String name = option.longestName().substring(2);
      if (!option.longestName().equals(KOHYA_CONFIG)
          && !option.usageHelp()
          && !option.versionHelp()) {
        settings.put(name, option.getValue());
      }
    }
    TrainingConfig config = TrainingConfigs.validate(TrainingConfigs.fromMap(settings));
    PrintWriter out = spec.commandLine().getOut();
    LoraTrainer.Result result = new LoraTrainer(config, out).train();
    out.println("Checkpoints (kohya format, for A1111 / ComfyUI / kohya):");
    result.checkpoints().stream()
        .filter(Files::exists) // saveLastNSteps prunes the older ones
        .forEach(file -> out.println("  " + file));
    out.printf("Loss log:    %s%n", result.finalCheckpoint().resolveSibling("loss.csv"));
    if (config.samplePrompts() != null) {
      out.printf("Previews:    %s%n", config.effectiveSampleDir());
    }
    return 0;
  }
}
