package dev.loraflow.trainer.sample;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kohya prompt line: the prompt, then options each after {@code " --"}: {@code --n} negative
 * prompt, {@code --w} / {@code --h} size, {@code --d} seed, {@code --l} CFG scale, {@code --s}
 * steps (kept in 1..1000 as kohya does), {@code --ss} sampler. Option names are any case; an
 * unknown option or a bad value is an error naming it.
 */
final class PromptLine {

  private static final Pattern OPTION = Pattern.compile("(?s)([A-Za-z]+)\\s+(.*)");

  private PromptLine() {}

  static SampleRequest parse(String line, SampleRequest defaults) {
    String[] parts = line.split(" --", -1);
    SampleRequest request = withPrompt(defaults, parts[0].strip());
    for (int i = 1; i < parts.length; i++) {
      Matcher option = OPTION.matcher(parts[i].strip());
      if (!option.matches()) {
        throw new IllegalArgumentException(
            "option --" + parts[i].strip() + " has no value (write --name value)");
      }
      request = option(request, option.group(1), option.group(2).strip());
    }
    return request;
  }

  /** {@code defaults} drawing {@code prompt}, which must not be empty. */
  static SampleRequest withPrompt(SampleRequest defaults, String prompt) {
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("the prompt before the options is empty");
    }
    return new SampleRequest(
        prompt,
        defaults.negativePrompt(),
        defaults.width(),
        defaults.height(),
        defaults.seed(),
        defaults.steps(),
        defaults.cfgScale(),
        defaults.sampler());
  }

  /** {@code request} with option {@code name} (n, w, h, d, l, s, ss; any case) set to value. */
  static SampleRequest option(SampleRequest request, String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "n" -> request.withNegativePrompt(value);
      case "w" -> request.withSize(integer(key, value), request.height());
      case "h" -> request.withSize(request.width(), integer(key, value));
      case "d" -> request.withSeed(seed(value));
      case "l" -> request.withCfgScale(decimal(key, value));
      case "s" -> request.withSteps(Math.max(1, Math.min(1000, integer(key, value))));
      case "ss" -> request.withSampler(sampler(value));
      default ->
          throw new IllegalArgumentException(
              "unknown option --" + name + " (use --n, --w, --h, --d, --l, --s or --ss)");
    };
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option --" + name + " needs a whole number, got '" + value + "'", e);
    }
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option --d needs a whole number (the seed), got '" + value + "'", e);
    }
  }

  private static double decimal(String name, String value) {
    try {
      double number = Double.parseDouble(value);
      if (!Double.isFinite(number)) {
        throw new NumberFormatException(value);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option --" + name + " needs a number, got '" + value + "'", e);
    }
  }

  private static SamplerKind sampler(String value) {
    try {
      return SamplerKind.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option --ss: " + e.getMessage(), e);
    }
  }
}
