package dev.loraflow.pipelines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * What Beam's option parsing leaves unsaid. Beam passes Jackson's complaint about a bad value on
 * without the option it belongs to ({@code Cannot deserialize value of type `int` from String
 * "abc"}), and answers {@code --help=Unknown} with the general help and exit code 0; this finds the
 * argument at fault and refuses an unknown help topic before Beam exits.
 */
final class OptionArgs {

  private OptionArgs() {}

  /** The option names given in {@code args} ({@code --name=value} or {@code --name}), in order. */
  static Set<String> names(String[] args) {
    Set<String> names = new LinkedHashSet<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int equals = arg.indexOf('=');
        names.add(equals < 0 ? arg.substring(2) : arg.substring(2, equals));
      }
    }
    return names;
  }

  /**
   * Refuses {@code --help=X} unless X names a registered options interface, as Beam looks it up.
   */
  static void checkHelpTopic(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--help=")) {
        continue;
      }
      String topic = arg.substring("--help=".length());
      if (isOptionsClass(topic)) {
        return;
      }
      List<String> known = new ArrayList<>();
      for (Class<? extends PipelineOptions> options :
          PipelineOptionsFactory.getRegisteredOptions()) {
        if (options.getName().equals(topic) || options.getSimpleName().equals(topic)) {
          return;
        }
        if (options.getName().startsWith("dev.loraflow.")) {
          known.add(options.getSimpleName());
        }
      }
      known.sort(null);
      throw new IllegalArgumentException(
          "--help: no options named '"
              + topic
              + "'; try --help="
              + String.join(", --help=", known));
    }
  }

  private static boolean isOptionsClass(String name) {
    try {
      return PipelineOptions.class.isAssignableFrom(Class.forName(name));
    } catch (ClassNotFoundException e) {
      return false; // not a full class name: a registered interface's simple name, perhaps
    }
  }

  /**
   * {@code failure} of parsing {@code args} as {@code optionsClass}, restated naming the argument
   * that alone fails to parse, with the first line of Beam's reason; {@code failure} itself where
   * no single argument does.
   */
  static IllegalArgumentException blame(
      Class<? extends PipelineOptions> optionsClass,
      String[] args,
      IllegalArgumentException failure) {
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.startsWith("--help")) {
        continue;
      }
      try {
        PipelineOptionsFactory.fromArgs(arg).as(optionsClass);
      } catch (IllegalArgumentException e) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new IllegalArgumentException(arg + ": " + reason, failure);
      }
    }
    return failure;
  }
}
