package dev.loraflow.pipelines;

import java.util.Map;

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
          "DecodeImages.withMaxPixels", "--maxPixels");

  private OptionNames() {}

  /** {@code message} with each library setting it names replaced by its option. */
  static String translate(String message) {
    String text = String.valueOf(message);
    for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
      text = text.replace(option.getKey(), option.getValue());
    }
    return text;
  }
}
