package dev.loraflow.transforms.tagging.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels of a {@code tag_mapping.json}, the label file of the models kohya reads from a 3-part
 * repo id: an object from output index to tag and category, {@code {"0": {"tag": "general",
 * "category": "Rating"}, ...}}. Indices it leaves out are outputs kohya skips; they become {@link
 * LabelCategory#IGNORED} here.
 */
final class TagMappingLabels {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TagMappingLabels() {}

  static List<Label> read(Path json) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new IOException(json + " is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IOException(json + " is no object of tag ids: not a tag_mapping.json");
    }
    TreeMap<Integer, Label> byIndex = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      byIndex.put(index(json, entry.getKey()), label(json, entry.getKey(), entry.getValue()));
    }
    int size = byIndex.lastKey() + 1;
    List<Label> labels = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      labels.add(byIndex.getOrDefault(i, new Label("", LabelCategory.IGNORED)));
    }
    return List.copyOf(labels);
  }

  private static int index(Path json, String key) throws IOException {
    try {
      int index = Integer.parseInt(key);
      if (index < 0) {
        throw new NumberFormatException("negative");
      }
      return index;
    } catch (NumberFormatException e) {
      throw new IOException(json + ": key '" + key + "' is no output index", e);
    }
  }

  private static Label label(Path json, String key, JsonNode value) throws IOException {
    JsonNode tag = value.get("tag");
    JsonNode category = value.get("category");
    if (tag == null || !tag.isTextual() || category == null || !category.isTextual()) {
      throw new IOException(json + ": entry " + key + " needs a \"tag\" and a \"category\"");
    }
    LabelCategory parsed = LabelCategory.fromMappingName(category.asText());
    if (parsed == null) {
      throw new IOException(
          json
              + ": entry "
              + key
              + " has category '"
              + category.asText()
              + "'; expected Rating,"
              + " General, Character, Copyright, Meta, Model, Quality or Artist");
    }
    return new Label(tag.asText(), parsed);
  }
}
