package dev.loraflow.pipelines;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The library's settings as the recipes' options call them: library messages name the Java API
 * ({@code ReadImageFolder.from(dir): ...}), and a person at the command line reads the option it
 * came from instead ({@code --input: ...}).
 */
final class OptionNames {

  private static final Map<String, String> OPTIONS =
      Map.of(
          "ReadImageFolder.from(dir)", "--input",
          "WriteKohyaDataset.to(dir)", "--output",
          "WriteKohyaDataset.withName", "--name",
          "WriteKohyaDataset.withRepeatBudget", "--repeatBudget",
          "TagRulesFile.read(path)", "--rulesFile",
          "DecodeImages.withMinSize", "--minSize",
          "DecodeImages.withMaxPixels", "--maxPixels",
          "TagData.Mode.REFRESH", "--tagData=refresh",
          "TagData.withTagLimits", "--tagMinPosts");

  // Beam's validation names an option overridden in a sub-interface by its getter's signature.
  private static final Pattern GETTER =
      Pattern.compile("public abstract \\S+ [\\w.$]+\\.get(\\w)(\\w*)\\(\\)");

  private OptionNames() {}

  /** {@code message} with each library setting it names replaced by its option. */
  static String translate(String message) {
    String text = String.valueOf(message);
    for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
      text = text.replace(option.getKey(), option.getValue());
    }
    return GETTER
        .matcher(text)
        .replaceAll(getter -> "--" + getter.group(1).toLowerCase(Locale.ROOT) + getter.group(2));
  }
}
