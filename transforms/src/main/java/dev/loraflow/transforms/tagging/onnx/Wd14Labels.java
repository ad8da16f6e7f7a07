package dev.loraflow.transforms.tagging.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a WD14 {@code selected_tags.csv} ({@code tag_id,name,category,count}): one label per
 * model output, in output order. Category 9 is a rating, 0 a general tag, 4 a character.
 */
final class Wd14Labels {

  private Wd14Labels() {}

  static List<Label> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(csv + " is empty; expected a WD14 selected_tags.csv");
    }
    List<String> header = CsvLine.split(lines.get(0));
    if (header.size() < 3
        || !header.get(0).equals("tag_id")
        || !header.get(1).equals("name")
        || !header.get(2).equals("category")) {
      throw new IOException(
          csv + " does not start with tag_id,name,category: not a WD14 selected_tags.csv");
    }
    List<Label> labels = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      List<String> fields = CsvLine.split(lines.get(i));
      if (fields.size() < 3) {
        throw new IOException(csv + " line " + (i + 1) + " has fewer than 3 fields");
      }
      try {
        int code = Integer.parseInt(fields.get(2).trim());
        labels.add(new Label(fields.get(1), LabelCategory.fromCsvCode(code)));
      } catch (NumberFormatException e) {
        throw new IOException(csv + " line " + (i + 1) + ": category is not a number", e);
      }
    }
    return List.copyOf(labels);
  }

  /** Splits one CSV line, honouring double quotes as Python's {@code csv.reader} does. */
  private static final class CsvLine {
    static List<String> split(String line) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      fields.add(field.toString());
      return fields;
    }
  }
}
