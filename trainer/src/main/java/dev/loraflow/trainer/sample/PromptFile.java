package dev.loraflow.trainer.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kohya's sample prompt files: {@code .txt}, one {@link PromptLine} a line (blank lines and lines
 * starting with {@code #} skipped); {@code .json}, a list of such lines or of objects with kohya's
 * keys ({@code prompt}, {@code negative_prompt}, {@code width}, {@code height}, {@code seed},
 * {@code sample_steps}, {@code scale}, {@code sample_sampler}); or {@code .toml}, those keys in a
 * {@code [prompt]} table and its {@code [[prompt.subset]]}s. A bad entry is an error naming the
 * file, the line (or entry) and the option.
 */
public final class PromptFile {

  /** kohya's prompt dictionary keys, each mapped onto the line option it stands for. */
  private static final Map<String, String> KEYS =
      Map.of(
          "negative_prompt", "n",
          "width", "w",
          "height", "h",
          "seed", "d",
          "scale", "l",
          "sample_steps", "s",
          "sample_sampler", "ss");

  private PromptFile() {}

  /** The file's prompts; settings a prompt does not give are {@code defaults}'. */
  public static List<SampleRequest> read(Path file, SampleRequest defaults) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("prompt file " + file + " does not exist");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<SampleRequest> prompts =
        name.endsWith(".json")
            ? json(file, defaults)
            : name.endsWith(".toml") ? toml(file, defaults) : text(file, defaults);
    if (prompts.isEmpty()) {
      throw new IOException("prompt file " + file + " holds no prompt");
    }
    return prompts;
  }

  /** The prompts of a .txt file's text; {@code source} names it in errors. */
  public static List<SampleRequest> parse(String text, SampleRequest defaults, String source) {
    List<SampleRequest> prompts = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      prompts.add(parseEntry(line, defaults, source + " line " + (i + 1)));
    }
    return prompts;
  }

  private static List<SampleRequest> text(Path file, SampleRequest defaults) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), defaults, file.toString());
  }

  private static List<SampleRequest> json(Path file, SampleRequest defaults) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (!root.isArray()) {
      throw new IOException(file + ": a JSON prompt file is a list of prompts");
    }
    List<SampleRequest> prompts = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode entry = root.get(i);
      String where = file + " entry " + (i + 1);
      if (entry.isTextual()) {
        prompts.add(parseEntry(entry.textValue(), defaults, where));
      } else if (entry.isObject()) {
        prompts.add(fromObject(entry, defaults, where));
      } else {
        throw new IOException(where + ": a prompt is a text or an object, got " + entry);
      }
    }
    return prompts;
  }

  /**
   * kohya's TOML: a {@code [prompt]} table whose keys every {@code [[prompt.subset]]} entry shares
   * (an entry's own keys win).
   */
  private static List<SampleRequest> toml(Path file, SampleRequest defaults) throws IOException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a TOML file: " + e.getMessage(), e);
    }
    JsonNode table = root.get("prompt");
    if (table == null || !table.isObject() || !table.path("subset").isArray()) {
      throw new IOException(
          file + ": a TOML prompt file needs a [prompt] table with [[prompt.subset]] entries");
    }
    List<SampleRequest> prompts = new ArrayList<>();
    JsonNode subsets = table.get("subset");
    for (int i = 0; i < subsets.size(); i++) {
      ObjectNode merged = ((ObjectNode) table).deepCopy();
      merged.remove("subset");
      merged.setAll((ObjectNode) subsets.get(i));
      prompts.add(fromObject(merged, defaults, file + " subset " + (i + 1)));
    }
    return prompts;
  }

  private static SampleRequest parseEntry(String line, SampleRequest defaults, String where) {
    try {
      return PromptLine.parse(line, defaults);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static SampleRequest fromObject(JsonNode entry, SampleRequest defaults, String where) {
    try {
      JsonNode prompt = entry.get("prompt");
      if (prompt == null || !prompt.isTextual()) {
        throw new IllegalArgumentException("needs a \"prompt\" text");
      }
      SampleRequest request = PromptLine.withPrompt(defaults, prompt.textValue().strip());
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("prompt")) {
          continue;
        }
        String option = KEYS.get(field.getKey());
        if (option == null) {
          throw new IllegalArgumentException(
              "unknown key \""
                  + field.getKey()
                  + "\" (kohya's keys: prompt, negative_prompt, width, height, seed,"
                  + " scale, sample_steps, sample_sampler)");
        }
        request = PromptLine.option(request, option, field.getValue().asText());
      }
      return request;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
