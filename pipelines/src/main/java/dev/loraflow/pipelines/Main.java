package dev.loraflow.pipelines;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.trainer.nn.OpenMpWaitPolicy;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;

/**
 * The entry point of {@code mvn exec:java -Dpipeline=NAME}: runs the recipe {@code character} or
 * {@code style} (the dataset, then the trainer when a base model is given), the trainer alone
 * ({@code train}, on any kohya image folder), images from a model and LoRAs ({@code generate}), or
 * a user's class with a {@code main} method given by its full name. Options follow in {@code
 * -Dexec.args="..."}.
 *
 * <pre>
 * mvn -q compile exec:java -Dpipeline=character                      # the demo, end to end
 * mvn -q compile exec:java -Dpipeline=character -Dexec.args="--help=CharacterOptions"
 * mvn -q compile exec:java -Dpipeline=style -Dexec.args="--input=/data/art --name=inkwash"
 * mvn -q compile exec:java -Dpipeline=train -Dexec.args="--trainDataDir=img --baseModel=sd15.safetensors"
 * mvn -q compile exec:java -Dpipeline=generate -Dexec.args="--baseModel=sd15.safetensors --prompt=1girl --lora=model/reimu.safetensors:0.8"
 * </pre>
 */
public final class Main {
  /** Exit code for bad options or arguments. */
  public static final int USAGE = 2;

  private static final Map<String, Function<String[], Integer>> RECIPES =
      Map.of(
          "character",
          args ->
              runRecipe(
                  CharacterOptions.class,
                  CharacterRecipe::from,
                  DemoDataset::characterDefaults,
                  args),
          "style",
          args ->
              runRecipe(StyleOptions.class, StyleRecipe::from, DemoDataset::styleDefaults, args),
          "train",
          TrainStage::trainAlone,
          "generate",
          TrainStage::generate);

  private Main() {}

  public static void main(String[] args) throws Exception {
    // before anything loads libtorch: the demo model is written, and the trainer runs, in this JVM
    OpenMpWaitPolicy.passiveUnlessSet();
    int code = run(System.getProperty("pipeline"), args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs pipeline {@code name} and returns the exit code. */
  static int run(String name, String[] args) throws Exception {
    if (name == null || name.isBlank()) {
      System.err.println(
          "loraflow: say which pipeline to run: -Dpipeline=character, -Dpipeline=style, -Dpipeline=train, -Dpipeline=generate, or -Dpipeline=<your.main.Class>");
      return USAGE;
    }
    Function<String[], Integer> recipe = RECIPES.get(name);
    if (recipe != null) {
      return recipe.apply(args);
    }
    if (name.contains(".")) {
      return runUserClass(name, args);
    }
    System.err.println(
        "loraflow: unknown pipeline '"
            + name
            + "': use character, style, train, generate, or a class name");
    return USAGE;
  }

  private static <O extends RecipeOptions> int runRecipe(
      Class<O> optionsClass,
      Function<O, ? extends PTransform<PBegin, PDone>> recipe,
      Consumer<O> demoDefaults,
      String[] args) {
    RecipeRunner<O> runner =
        new RecipeRunner<>(optionsClass, recipe::apply, demoDefaults, System.out);
    try {
      TrainStage.Args split = TrainStage.split(ConfigFile.expand(args));
      O options = runner.parse(split.recipe());
      boolean demo = RecipeParts.isFolder(options) && options.getInput() == null;
      int code = runner.run(options);
      if (code != 0 && code != RecipeRunner.INPUT_ERRORS) {
        return code;
      }
      int trained = TrainStage.afterDataset(options, demo, split, System.out);
      return trained != 0 ? trained : code;
    } catch (IllegalArgumentException e) {
      System.err.println("loraflow: " + OptionNames.translate(e.getMessage()));
      return USAGE;
    } catch (IOException e) {
      System.err.println("loraflow: " + OptionNames.translate(e.getMessage()));
      return 1;
    } catch (JobFailure e) {
      System.err.println("loraflow: " + e.getMessage());
      return 1;
    } catch (Pipeline.PipelineExecutionException e) {
      System.err.println("loraflow: the pipeline failed: " + e.getCause());
      return 1;
    }
  }

  private static int runUserClass(String className, String[] args) throws Exception {
    Method main;
    try {
      main = Class.forName(className).getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      System.err.println(
          "loraflow: -Dpipeline="
              + className
              + " is neither a recipe nor a class with a main method");
      return USAGE;
    }
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return 0;
  }
}
