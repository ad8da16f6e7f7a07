package dev.loraflow.pipelines;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.layout.RejectsReport;
import dev.loraflow.transforms.layout.TagsReport;
import dev.loraflow.transforms.source.booru.BooruSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsValidator;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;

/**
 * Runs one dataset recipe from command-line arguments: parse options, fall back to the demo data,
 * check the output folder, run the pipeline, print the summary. Returns an exit code rather than
 * exiting, so tests call it like {@code main}.
 */
public final class RecipeRunner<O extends RecipeOptions> {
  /** Exit code when the dataset was written but some input files could not be read. */
  public static final int INPUT_ERRORS = 3;

  /** The name of the recipe's step in the pipeline. */
  static final String STEP = "Recipe";

  private final Class<O> optionsClass;
  private final Function<O, PTransform<PBegin, PDone>> recipe;
  private final Consumer<O> demoDefaults;
  private final PrintStream out;

  /**
   * @param recipe builds the recipe from parsed options
   * @param demoDefaults fills in the options the demo data needs (trigger, tags to remove) where
   *     the user gave none; applied by {@link #parse} when there is no input
   * @param out where the summary goes
   */
  public RecipeRunner(
      Class<O> optionsClass,
      Function<O, PTransform<PBegin, PDone>> recipe,
      Consumer<O> demoDefaults,
      PrintStream out) {
    this.optionsClass = optionsClass;
    this.recipe = recipe;
    this.demoDefaults = demoDefaults;
    this.out = out;
  }

  /**
   * Parses {@code args} as Beam options ({@code --help} prints them and exits), with those of a
   * {@code --config} file merged in, the demo's defaults where there is no input, and then Beam's
   * validation of the required options. A bad value is refused naming its option, an unknown {@code
   * --help} topic too, and options this run ignores are warned about.
   */
  public O parse(String[] args) {
    PipelineOptionsFactory.register(optionsClass);
    String[] expanded = ConfigFile.expand(args);
    OptionArgs.checkHelpTopic(expanded);
    O options;
    try {
      options = PipelineOptionsFactory.fromArgs(expanded).as(optionsClass);
    } catch (IllegalArgumentException e) {
      throw OptionArgs.blame(optionsClass, expanded, e);
    }
    IneffectiveOptions.warnings(options, OptionArgs.names(expanded)).forEach(out::println);
    carryOverDeprecated(options);
    if (RecipeParts.isFolder(options) && options.getInput() == null) {
      // Before validation, so the demo's trigger counts; the default name and output follow it.
      demoDefaults.accept(options);
    }
    PipelineOptionsValidator.validate(optionsClass, options);
    RunnerTuning.forParsed(options, expanded);
    return options;
  }

  @SuppressWarnings("deprecation") // reads the old name to carry it over
  private void carryOverDeprecated(O options) {
    if (options.getTags() != null) {
      out.println("loraflow: --tags is deprecated and will go; use --booruTags.");
      if (options.getBooruTags() == null) {
        options.setBooruTags(options.getTags());
      }
      options.setTags(null);
    }
  }

  // Another runner's failure arrives wrapped, often serialized: unwrapped once here, for the user.
  private PipelineResult runAndWait(Pipeline pipeline, RecipeOptions options, String runner) {
    PipelineResult result;
    PipelineResult.State state;
    Optional<FlinkJobProgress> progress = FlinkJobProgress.watch(options, out);
    try {
      result = pipeline.run();
      state = result.waitUntilFinish();
    } catch (RuntimeException e) {
      if (options.getRunner() == DirectRunner.class) {
        throw e;
      }
      throw JobFailure.of(runner, e, RecipeRunner.class.getClassLoader());
    } finally {
      progress.ifPresent(FlinkJobProgress::close);
    }
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("The pipeline ended in state " + state);
    }
    return result;
  }

  /** Runs the recipe; 0 on success, {@link #INPUT_ERRORS} if some inputs could not be read. */
  public int run(O options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    RunnerTuning.forRun(options);
    WorkerPaths.resolve(options, out);
    FlinkClientClassPath.warning(options, ClassLoader.getSystemClassLoader())
        .ifPresent(out::println);
    // Before Pipeline.create: Beam's FlinkRunner stages the whole class path unless told.
    FlinkStaging.apply(options, out);
    boolean demo = RecipeParts.isFolder(options) && options.getInput() == null;
    if (demo) {
      // Beside the output folder, so the demo never writes outside the place the user chose.
      Path demoInput = Path.of(options.getOutput()).toAbsolutePath().resolveSibling("demo-input");
      int files = DemoDataset.write(demoInput);
      options.setInput(demoInput.toString());
      out.println(
          "No --input given: running on the embedded demo data ("
              + files
              + " files generated in "
              + demoInput
              + ").");
    }
    // Building the pipeline validates every option and the input; only then is the output touched.
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(STEP, recipe.apply(options));
    OutputFolder output = OutputFolder.of(options.getOutput(), out);
    output.prepare(options.getName(), options.getInput());
    String runner = options.getRunner().getSimpleName();
    PipelineResult result = runAndWait(pipeline, options, runner);

    RunSummary summary =
        new RunSummary(
            output.readManifest(runner),
            RejectsReport.parse(output.read(RejectsReport.FILE_NAME, runner)),
            options.getOutput(),
            demo,
            BooruSummary.of(result),
            RunSummary.prunedTraits(TagsReport.parse(output.read(TagsReport.FILE_NAME, runner))));
    out.print(summary.render());
    return summary.inputErrors().isEmpty() ? 0 : INPUT_ERRORS;
  }
}
