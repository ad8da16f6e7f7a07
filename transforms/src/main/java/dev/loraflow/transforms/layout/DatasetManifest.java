package dev.loraflow.transforms.layout;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loraflow.transforms.model.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dataset.json}: what the layout wrote, for people, the trainer and the next run (which uses
 * it to recognise its own output folder, and {@code files} to know which files are its own). Its
 * content depends only on the dataset, never on timing or on the runner, so two runs of the same
 * input give the same file.
 */
@JsonPropertyOrder({
  "format",
  "version",
  "name",
  "folder",
  "repeats",
  "classToken",
  "imageCount",
  "rejectsCount",
  "tagFrequencies",
  "images",
  "files"
})
public record DatasetManifest(
    String format,
    int version,
    String name,
    String folder,
    int repeats,
    String classToken,
    int imageCount,
    int rejectsCount,
    Map<String, Integer> tagFrequencies,
    List<Entry> images,
    List<WrittenFile> files) {

  /** Marks a folder as written by loraflow. */
  public static final String FORMAT = "loraflow-dataset";

  public static final String FILE_NAME = "dataset.json";

  /** 2: {@code files} lists every file written, with its MD5. */
  static final int VERSION = 2;

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
   * A file this dataset wrote, by its path relative to the output folder and the MD5 of its bytes:
   * what a later run may replace or delete, and nothing else.
   */
  @JsonPropertyOrder({"path", "md5"})
  public record WrittenFile(String path, String md5) {}

  /**
   * The manifest of {@code entries} and the {@code files} written for them, each sorted, with tag
   * frequencies (most used first) counted as kohya's {@code ss_tag_frequency} counts them: an image
   * without tags has no caption file, so kohya captions it with the folder's class token ({@code
   * name}), and that token is counted for it.
   */
  public static DatasetManifest of(
      String name, int repeats, List<Entry> entries, List<WrittenFile> files, int rejectsCount) {
    List<Entry> sorted = entries.stream().sorted(Comparator.comparing(Entry::file)).toList();
    Map<String, Integer> counts = new TreeMap<>();
    for (Entry entry : sorted) {
      for (String tag : entry.caption().isEmpty() ? List.of(name) : entry.caption()) {
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
        VERSION,
        name,
        "img/" + RepeatFolder.folderName(repeats, name),
        repeats,
        name,
        sorted.size(),
        rejectsCount,
        byFrequency,
        sorted,
        files.stream().sorted(Comparator.comparing(WrittenFile::path)).toList());
  }

  /** Images written with a caption file; kohya captions the others with {@link #classToken}. */
  public long captionedImageCount() {
    return images.stream().filter(e -> e.caption() != null && !e.caption().isEmpty()).count();
  }

  /**
   * The files this dataset wrote. A version 1 manifest did not list them: its images are known by
   * their MD5 and its captions by their text, which the manifest holds.
   */
  public List<WrittenFile> writtenFiles() {
    if (files != null) {
      return files;
    }
    List<WrittenFile> derived = new ArrayList<>();
    for (Entry entry : images == null ? List.<Entry>of() : images) {
      derived.add(new WrittenFile(folder + "/" + entry.file(), entry.md5()));
      if (entry.caption() != null && !entry.caption().isEmpty()) {
        String caption = entry.file().replaceFirst("\\.[^.]*$", "") + ".txt";
        byte[] text = String.join(", ", entry.caption()).getBytes(StandardCharsets.UTF_8);
        derived.add(new WrittenFile(folder + "/" + caption, Hashes.md5Hex(text)));
      }
    }
    return derived;
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

  /** What writing one image gave: its entry and the files written for it. */
  record WrittenPair(Entry entry, List<WrittenFile> files) {}

  static String pairToJson(WrittenPair pair) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(pair);
    } catch (IOException e) {
      throw new IllegalStateException("dataset entry could not be serialized", e);
    }
  }

  static WrittenPair pairFromJson(String json) {
    try {
      return JSON.readValue(json, WrittenPair.class);
    } catch (IOException e) {
      throw new IllegalStateException("dataset entry could not be parsed: " + json, e);
    }
  }
}
