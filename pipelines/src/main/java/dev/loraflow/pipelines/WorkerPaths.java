package dev.loraflow.pipelines;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectRunner;

/**
 * Makes the recipes' local path options absolute on the client when a runner other than the
 * DirectRunner runs the job: a worker would resolve a relative path in its own working directory.
 * URIs ({@code gs://bucket/x}) and absolute paths are kept as given. {@code --config} needs
 * nothing: it is read here, before the options are parsed.
 */
final class WorkerPaths {
  // As Beam's FileSystems tells a scheme.
  private static final Pattern URI = Pattern.compile("^[A-Za-z][-A-Za-z0-9+.]*:/");

  private record PathOption(
      String name,
      Function<RecipeOptions, String> getter,
      BiConsumer<RecipeOptions, String> setter,
      boolean onlyIfFolder) {}

  private static final List<PathOption> OPTIONS =
      List.of(
          new PathOption("input", RecipeOptions::getInput, RecipeOptions::setInput, false),
          new PathOption("output", RecipeOptions::getOutput, RecipeOptions::setOutput, false),
          new PathOption(
              "rulesFile", RecipeOptions::getRulesFile, RecipeOptions::setRulesFile, false),
          // Else a Hugging Face repo id, which looks like a relative path.
          new PathOption(
              "taggerModel", RecipeOptions::getTaggerModel, RecipeOptions::setTaggerModel, true),
          new PathOption(
              "taggerTokenFile",
              RecipeOptions::getTaggerTokenFile,
              RecipeOptions::setTaggerTokenFile,
              false),
          new PathOption(
              "taggerCacheDir",
              RecipeOptions::getTaggerCacheDir,
              RecipeOptions::setTaggerCacheDir,
              false),
          new PathOption(
              "tagCacheDir", RecipeOptions::getTagCacheDir, RecipeOptions::setTagCacheDir, false),
          new PathOption(
              "credentialsFile",
              RecipeOptions::getCredentialsFile,
              RecipeOptions::setCredentialsFile,
              false));

  private WorkerPaths() {}

  /** The path options {@code options} set, as given or resolved. */
  static Stream<String> values(RecipeOptions options) {
    return OPTIONS.stream().map(option -> option.getter().apply(options)).filter(Objects::nonNull);
  }

  /** Resolves the relative paths in {@code options}, saying so on {@code out} if there were any. */
  static void resolve(RecipeOptions options, PrintStream out) {
    if (options.getRunner() == DirectRunner.class) {
      return;
    }
    List<String> resolved = new ArrayList<>();
    for (PathOption option : OPTIONS) {
      String value = option.getter().apply(options);
      if (value == null || URI.matcher(value).find() || Path.of(value).isAbsolute()) {
        continue;
      }
      Path absolute = Path.of(value).toAbsolutePath().normalize();
      if (option.onlyIfFolder() && !Files.isDirectory(absolute)) {
        continue;
      }
      option.setter().accept(options, absolute.toString());
      resolved.add("--" + option.name() + "=" + absolute);
    }
    if (!resolved.isEmpty()) {
      out.println(
          "loraflow: "
              + options.getRunner().getSimpleName()
              + " workers resolve paths in their own folder, so relative paths are taken from "
              + Path.of("").toAbsolutePath()
              + " here: "
              + String.join(" ", resolved));
    }
  }
}
