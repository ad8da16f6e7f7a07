package dev.loraflow.transforms.tags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Reads {@link TagRules} from a file: JSON when the name ends in {@code .json}, otherwise the text
 * form, one rule a line, applied in the order of the lines (after normalizing every tag):
 *
 * <pre>
 * # the guide's Replace Text rules, for a character
 * remove: red hair, green eyes, twin braids
 * replace: red_boots -&gt; red footwear, boots
 * first: chun-li
 * last: sharp focus
 * escape parentheses
 * </pre>
 *
 * JSON: {@code {"remove": [...], "replace": {"red_boots": ["red footwear", "boots"]}, "first":
 * [...], "last": [...], "escapeParentheses": true}}, whose fields have no order: there the
 * replacements come first (so a removal also drops a replacement), then removals, insertions first
 * and last, and escaping.
 */
public final class TagRulesFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TagRulesFile() {}

  /** The JSON form's fields. */
  record JsonRules(
      List<String> remove,
      Map<String, List<String>> replace,
      List<String> first,
      List<String> last,
      Boolean escapeParentheses) {}

  /** Reads the rules in {@code path} (a local path or any Beam file system URI). */
  public static TagRules read(String path) {
    String text;
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false)))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "TagRulesFile.read(path): '" + path + "' cannot be read: " + e.getMessage(), e);
    }
    return path.toLowerCase(Locale.ROOT).endsWith(".json")
        ? parseJson(path, text)
        : parseText(path, text);
  }

  /** Parses the JSON form; {@code origin} names the file in errors. */
  public static TagRules parseJson(String origin, String json) {
    JsonRules parsed;
    try {
      parsed = JSON.readValue(json, JsonRules.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "rules file " + origin + " is not valid rules JSON: " + e.getOriginalMessage(), e);
    }
    if (parsed == null) {
      throw new IllegalArgumentException(
          "rules file " + origin + " is not valid rules JSON: expected an object, got null");
    }
    TagRules rules = TagRules.none();
    if (parsed.replace() != null) {
      for (Map.Entry<String, List<String>> entry : parsed.replace().entrySet()) {
        List<String> replacements =
            tags(origin, "replace \"" + entry.getKey() + "\"", entry.getValue());
        try {
          rules = rules.replacing(entry.getKey(), replacements);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("rules file " + origin + ": " + e.getMessage(), e);
        }
      }
    }
    if (parsed.remove() != null) {
      rules = rules.removing(tags(origin, "remove", parsed.remove()));
    }
    if (parsed.first() != null) {
      rules = rules.insertingFirst(tags(origin, "first", parsed.first()));
    }
    if (parsed.last() != null) {
      rules = rules.insertingLast(tags(origin, "last", parsed.last()));
    }
    return Boolean.TRUE.equals(parsed.escapeParentheses()) ? rules.escapingParentheses() : rules;
  }

  // Jackson reads a JSON null as a null list or element; a rule names tags.
  private static List<String> tags(String origin, String field, List<String> tags) {
    if (tags == null || tags.contains(null)) {
      throw new IllegalArgumentException(
          "rules file "
              + origin
              + " is not valid rules JSON: "
              + field
              + " must be a list of tags, without null");
    }
    return tags;
  }

  /** Parses the text form; {@code origin} names the file in errors. */
  public static TagRules parseText(String origin, String text) {
    TagRules rules = TagRules.none();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equalsIgnoreCase("escape parentheses")) {
        rules = rules.escapingParentheses();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw badLine(
            origin,
            i,
            line,
            "expected 'remove:', 'replace:', 'first:', 'last:' or 'escape parentheses'");
      }
      String verb = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String argument = line.substring(colon + 1);
      switch (verb) {
        case "remove":
          rules = rules.removing(splitTags(argument));
          break;
        case "first":
          rules = rules.insertingFirst(splitTags(argument));
          break;
        case "last":
          rules = rules.insertingLast(splitTags(argument));
          break;
        case "replace":
          int arrow = argument.indexOf("->");
          if (arrow < 0) {
            throw badLine(
                origin, i, line, "a replace rule reads 'replace: old tag -> new tag, other tag'");
          }
          try {
            rules =
                rules.replacing(
                    argument.substring(0, arrow), splitTags(argument.substring(arrow + 2)));
          } catch (IllegalArgumentException e) {
            throw badLine(origin, i, line, e.getMessage());
          }
          break;
        default:
          throw badLine(origin, i, line, "unknown rule '" + verb + "'");
      }
    }
    return rules;
  }

  private static List<String> splitTags(String commaSeparated) {
    List<String> tags = new ArrayList<>();
    Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .forEach(tags::add);
    return tags;
  }

  private static IllegalArgumentException badLine(
      String origin, int index, String line, String why) {
    return new IllegalArgumentException(
        "rules file " + origin + " line " + (index + 1) + " ('" + line + "'): " + why);
  }
}
