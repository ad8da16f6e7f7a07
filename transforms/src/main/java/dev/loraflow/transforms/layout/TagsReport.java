package dev.loraflow.transforms.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.model.ReportNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * {@code tags-report.json}: what the curation stages did and why, one array per section (pruned
 * traits, implied tags dropped, unknown tags, near-duplicate groups...), sections by name and each
 * array by its notes' keys, so the same dataset gives the same file on every runner. Written with
 * every dataset, {@code {}} when no stage had anything to say.
 */
public final class TagsReport {
  public static final String FILE_NAME = "tags-report.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TagsReport() {}

  public static byte[] toJson(List<ReportNote> notes) {
    ObjectNode report = JSON.createObjectNode();
    notes.stream()
        .sorted(
            Comparator.comparing(ReportNote::section)
                .thenComparing(ReportNote::key)
                .thenComparing(ReportNote::json))
        .forEach(note -> section(report, note.section()).add(parse(note)));
    try {
      return (JSON.writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report of JSON trees always serializes", e);
    }
  }

  /** Reads a {@code tags-report.json}. */
  public static JsonNode parse(byte[] json) throws IOException {
    return JSON.readTree(json);
  }

  private static ArrayNode section(ObjectNode report, String name) {
    JsonNode present = report.get(name);
    return present instanceof ArrayNode array ? array : report.putArray(name);
  }

  private static JsonNode parse(ReportNote note) {
    try {
      return JSON.readTree(note.json());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "ReportNote of section '"
              + note.section()
              + "', key '"
              + note.key()
              + "' is not JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
