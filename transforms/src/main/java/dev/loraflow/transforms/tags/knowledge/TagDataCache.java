package dev.loraflow.transforms.tags.knowledge;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.source.booru.DanbooruTagLists.Counted;
import dev.loraflow.transforms.source.booru.DanbooruTagLists.Pair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * {@link TagKnowledge} on disk: one JSON file per server ({@code danbooru.donmai.us.json}) in the
 * cache folder, written whole to a temporary file and renamed over the old one, so a run killed
 * while it writes leaves the earlier cache, never half of one.
 */
final class TagDataCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  private final Path file;

  TagDataCache(Path dir, String baseUrl) {
    HttpUrl url = HttpUrl.get(baseUrl);
    String name =
        url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : "_" + url.port());
    this.file = dir.resolve(name + ".json");
  }

  Path file() {
    return file;
  }

  Optional<TagKnowledge> read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw corrupt("it is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (root == null || root.path("format").asInt() != FORMAT) {
      throw corrupt("it is not a tag data cache of format " + FORMAT);
    }
    try {
      return Optional.of(
          new TagKnowledge(
              text(root, "source"),
              Instant.parse(text(root, "fetched")),
              root.path("minPostCount").asLong(),
              pairs(root, "implications"),
              pairs(root, "aliases"),
              tags(root)));
    } catch (DateTimeParseException e) {
      throw corrupt("its fetched time is no instant");
    }
  }

  void write(TagKnowledge knowledge) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp);
          JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeNumberField("format", FORMAT);
        json.writeStringField("source", knowledge.source());
        json.writeStringField("fetched", knowledge.fetched().toString());
        json.writeNumberField("minPostCount", knowledge.minPostCount());
        writePairs(json, "implications", knowledge.implications());
        writePairs(json, "aliases", knowledge.aliases());
        json.writeArrayFieldStart("tags");
        for (Counted tag : knowledge.tags()) {
          json.writeStartArray();
          json.writeString(tag.name());
          json.writeNumber(tag.category());
          json.writeNumber(tag.postCount());
          json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write the tag data cache " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writePairs(JsonGenerator json, String field, List<Pair> pairs)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (Pair pair : pairs) {
      json.writeStartArray();
      json.writeString(pair.from());
      json.writeString(pair.to());
      json.writeEndArray();
    }
    json.writeEndArray();
  }

  private List<Pair> pairs(JsonNode root, String field) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    for (JsonNode entry : array(root, field)) {
      if (entry.size() != 2 || !entry.get(0).isTextual() || !entry.get(1).isTextual()) {
        throw corrupt(field + " holds " + entry + ", not [from, to]");
      }
      pairs.add(new Pair(entry.get(0).asText(), entry.get(1).asText()));
    }
    return pairs;
  }

  private List<Counted> tags(JsonNode root) throws IOException {
    List<Counted> tags = new ArrayList<>();
    for (JsonNode entry : array(root, "tags")) {
      if (entry.size() != 3 || !entry.get(0).isTextual() || !entry.get(2).canConvertToLong()) {
        throw corrupt("tags holds " + entry + ", not [name, category, post count]");
      }
      tags.add(new Counted(entry.get(0).asText(), entry.get(1).asInt(), entry.get(2).asLong()));
    }
    return tags;
  }

  private JsonNode array(JsonNode root, String field) throws IOException {
    JsonNode array = root.get(field);
    if (array == null || !array.isArray()) {
      throw corrupt("it has no array " + field);
    }
    return array;
  }

  private String text(JsonNode root, String field) throws IOException {
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual()) {
      throw corrupt("it has no " + field);
    }
    return value.asText();
  }

  private IOException corrupt(String why) {
    return new IOException(
        "the tag data cache "
            + file
            + " cannot be read: "
            + why
            + ". Delete it, or fetch it again (TagData.Mode.REFRESH).");
  }
}
