package dev.loraflow.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options from a JSON or YAML file ({@code --config=reimu.yaml}), so a dataset's settings can be
 * kept beside it and rerun. Keys are option names; lists may be arrays. Options on the command line
 * win over the file's.
 *
 * <pre>
 * input: /data/reimu
 * trigger: hakurei reimu
 * removeTags: [brown hair, red eyes, hair bow]
 * repeatBudget: 1000
 * </pre>
 */
final class ConfigFile {
  private static final String OPTION = "--config=";

  private ConfigFile() {}

  /** {@code args} with the options of any {@code --config} file merged in before them. */
  static String[] expand(String[] args) {
    String config = null;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith(OPTION)) {
        config = arg.substring(OPTION.length());
      } else {
        rest.add(arg);
      }
    }
    if (config == null) {
      return args;
    }
    Map<String, String> fromFile = read(Path.of(config));
    for (String arg : rest) {
      String name = arg.replaceFirst("^--", "").split("=", 2)[0];
      fromFile.remove(name); // the command line wins
    }
    List<String> merged = new ArrayList<>();
    fromFile.forEach((name, value) -> merged.add("--" + name + "=" + value));
    merged.addAll(rest);
    return merged.toArray(String[]::new);
  }

  private static Map<String, String> read(Path file) {
    ObjectMapper mapper =
        file.toString().toLowerCase(Locale.ROOT).endsWith(".json")
            ? new ObjectMapper()
            : new YAMLMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--config '" + file + "' cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "--config '" + file + "' must hold an object of option names and values");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      options.put(field.getKey(), asOptionValue(file, field.getKey(), field.getValue()));
    }
    return options;
  }

  private static String asOptionValue(Path file, String name, JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(asOptionValue(file, name, item)));
      return String.join(",", items);
    }
    if (value.isContainerNode()) {
      throw new IllegalArgumentException(
          "--config '" + file + "': option '" + name + "' must be a value or a list");
    }
    return value.asText();
  }
}
