package dev.loraflow.pipelines;

import dev.loraflow.trainer.cli.TrainerCommand;
import dev.loraflow.trainer.demo.DemoBaseModel;
import dev.loraflow.trainer.train.TrainingConfigs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The trainer stage of a recipe: after the dataset is written, trains a LoRA on it when a base
 * model is given ({@code --baseModel}, or a {@code --kohyaConfig} that names one), on the demo
 * model when the recipe ran on the demo data, and otherwise prints the command that would train it.
 * The trainer's options ride along on the recipe's command line and are split off here, since Beam
 * refuses options it does not know.
 */
final class TrainStage {

  private static final String BASE_MODEL = "baseModel";
  private static final String KOHYA_CONFIG = "kohyaConfig";
  private static final String DEMO_PROMPTS = "sample_prompts.txt";

  /** A recipe's command line split into Beam's options and the trainer's. */
  record Args(String[] recipe, List<String> trainer) {

    boolean hasBaseModel() {
      return trainer.stream()
          .anyMatch(a -> name(a).equals(BASE_MODEL) || name(a).equals(KOHYA_CONFIG));
    }

    boolean sets(String option) {
      return trainer.stream().anyMatch(a -> name(a).equals(option));
    }
  }

  private TrainStage() {}

  static Args split(String[] args) {
    Set<String> trainerNames = new HashSet<>(TrainingConfigs.names());
    trainerNames.add(KOHYA_CONFIG);
    List<String> recipe = new ArrayList<>();
    List<String> trainer = new ArrayList<>();
    for (String arg : args) {
      (trainerNames.contains(name(arg)) ? trainer : recipe).add(arg);
    }
    return new Args(recipe.toArray(String[]::new), List.copyOf(trainer));
  }

  private static String name(String arg) {
    return arg.replaceFirst("^--", "").split("=", 2)[0];
  }

  /** {@code -Dpipeline=train}: the trainer alone, on any kohya image folder. */
  static int trainAlone(String[] args) {
    List<String> command = new ArrayList<>(List.of("train"));
    command.addAll(List.of(args));
    return TrainerCommand.commandLine().execute(command.toArray(String[]::new));
  }

  /** {@code -Dpipeline=generate}: the trainer's {@code generate} command. */
  static int generate(String[] args) {
    List<String> command = new ArrayList<>(List.of("generate"));
    command.addAll(List.of(args));
    return TrainerCommand.commandLine().execute(command.toArray(String[]::new));
  }

  /** Runs the trainer on the dataset a recipe wrote, or says how to; returns its exit code. */
  static int afterDataset(RecipeOptions options, boolean demo, Args args, PrintStream out)
      throws IOException {
    Path output = Path.of(options.getOutput()).toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add("train");
    command.add("--trainDataDir=" + output.resolve("img"));
    command.add("--outputDir=" + output.resolve("model"));
    command.add("--outputName=" + options.getName());
    if (!args.hasBaseModel()) {
      if (!demo) {
        out.println();
        out.println("No --baseModel given, so no LoRA was trained. To train this dataset:");
        out.println(
            "  mvn -q compile exec:java -Dpipeline=train -Dexec.args=\"--trainDataDir="
                + output.resolve("img")
                + " --outputDir="
                + output.resolve("model")
                + " --outputName="
                + options.getName()
                + " --baseModel=/path/to/sd15-model.safetensors\"");
        out.println(
            "  (--baseModel also takes a Hugging Face file:"
                + " hf:owner/repo/model.safetensors or its https://huggingface.co/... address)");
        return 0;
      }
      Path model = DemoBaseModel.writeTo(output.resolveSibling("demo-model"), 1);
      out.println();
      out.println(
          "Training on the embedded demo model ("
              + model
              + "): tiny, random weights, SD 1.x layout. Its LoRAs show the whole flow; give"
              + " --baseModel=your SD 1.5 checkpoint for a real one.");
      command.add("--baseModel=" + model);
      command.addAll(demoSettings(args, output));
      DemoModelFolder.clearEarlierRun(output.resolve("model"), options.getName());
    }
    // the user's trainer options come last, so they win over the defaults above
    command.addAll(args.trainer());
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    return TrainerCommand.commandLine().setOut(writer).execute(command.toArray(String[]::new));
  }

  /**
   * A short run at the demo model's size: three step checkpoints in well under a minute, each with
   * a preview image (noise: the weights are random) in {@code model/sample/}.
   */
  private static List<String> demoSettings(Args args, Path output) throws IOException {
    Path prompts = output.resolve(DEMO_PROMPTS);
    if (!args.sets("samplePrompts")) {
      Files.writeString(
          prompts,
          "# preview prompts, kohya's format: --n negative prompt, --w/--h size, --d seed,"
              + " --l CFG scale, --s steps, --ss sampler\n"
              + "demo chan, solo --n lowres, bad anatomy --w 128 --h 128 --d 1 --l 7.5 --s 20"
              + " --ss euler_a\n");
    }
    List<String> settings = new ArrayList<>();
    settings.add("--samplePrompts=" + prompts);
    settings.add("--resolution=" + DemoBaseModel.RESOLUTION);
    settings.add("--minBucketReso=64");
    settings.add("--maxBucketReso=256");
    settings.add("--maxTrainSteps=150");
    settings.add("--saveEveryNSteps=50");
    settings.add("--learningRate=1e-3");
    settings.add("--seed=42");
    settings.removeIf(s -> args.sets(name(s)));
    return settings;
  }
}
