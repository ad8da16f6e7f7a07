package dev.loraflow.transforms.layout;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dataset.json}: what the layout wrote, for people, the trainer and the next run (which uses
 * it to recognise its own output folder). Its content depends only on the dataset, never on timing
 * or on the runner, so two runs of the same input give the same file.
 */
@JsonPropertyOrder({
  "format",
  "version",
  "name",
  "folder",
  "repeats",
  "imageCount",
  "rejectsCount",
  "tagFrequencies",
  "images"
})
public record DatasetManifest(
    String format,
    int version,
    String name,
    String folder,
    int repeats,
    int imageCount,
    int rejectsCount,
    Map<String, Integer> tagFrequencies,
    List<Entry> images) {

  /** Marks a folder as written by loraflow. */
  public static final String FORMAT = "loraflow-dataset";

  public static final String FILE_NAME = "dataset.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One image of the dataset: its file (relative to the repeat folder) and its caption tags. */
  @JsonPropertyOrder({"file", "caption", "id", "source", "uri", "md5", "width", "height"})
  public record Entry(
      String file,
      List<String> caption,
      String id,
      String source,
      String uri,
      String md5,
      int width,
      int height) {}

  /**
   * The manifest of {@code entries}, sorted by file name, with tag frequencies (most used first).
   */
  public static DatasetManifest of(
      String name, int repeats, List<Entry> entries, int rejectsCount) {
    List<Entry> sorted = entries.stream().sorted(Comparator.comparing(Entry::file)).toList();
    Map<String, Integer> counts = new TreeMap<>();
    for (Entry entry : sorted) {
      for (String tag : entry.caption()) {
        counts.merge(tag, 1, Integer::sum);
      }
    }
    Map<String, Integer> byFrequency = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> byFrequency.put(e.getKey(), e.getValue()));
    return new DatasetManifest(
        FORMAT,
        1,
        name,
        "img/" + RepeatFolder.folderName(repeats, name),
        repeats,
        sorted.size(),
        rejectsCount,
        byFrequency,
        sorted);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("dataset.json could not be serialized", e);
    }
  }

  /** Reads a {@code dataset.json}. */
  public static DatasetManifest parse(byte[] json) throws IOException {
    return JSON.readValue(json, DatasetManifest.class);
  }

  static String entryToJson(Entry entry) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(entry);
    } catch (IOException e) {
      throw new IllegalStateException("dataset entry could not be serialized", e);
    }
  }

  static Entry entryFromJson(String json) {
    try {
      return JSON.readValue(json, Entry.class);
    } catch (IOException e) {
      throw new IllegalStateException("dataset entry could not be parsed: " + json, e);
    }
  }
}
