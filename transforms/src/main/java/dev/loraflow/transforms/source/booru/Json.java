package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.Rating;
import java.util.Arrays;
import java.util.List;
import okhttp3.HttpUrl;

/** Lenient reads of booru JSON, where fields come and go with the account's rights. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code node} if it is an array; else the error a malformed page gets. */
  static JsonNode requireArray(JsonNode node, String what) throws JsonMappingException {
    if (!node.isArray()) {
      throw JsonMappingException.from(
          (JsonParser) null, "expected " + what + " as a JSON array, got " + node.getNodeType());
    }
    return node;
  }

  /** The field as text; empty when missing or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /** The field as an int; 0 when missing or null. */
  static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? 0 : value.asInt();
  }

  /** Space-separated names, as booru tag strings hold them. */
  static List<String> words(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }

  /** The tag names in a JSON array (e621's tag groups). */
  static List<String> names(JsonNode array) {
    if (array == null || !array.isArray()) {
      return List.of();
    }
    String[] names = new String[array.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = array.get(i).asText();
    }
    return Arrays.asList(names);
  }

  /**
   * The URL in {@code field}, made absolute against the API's base (self-hosted instances and older
   * APIs give paths or {@code //host/...}); empty when missing.
   */
  static String url(JsonNode node, String field, HttpUrl base) {
    String text = text(node, field);
    if (text.isEmpty()) {
      return text;
    }
    HttpUrl resolved = base.resolve(text);
    return resolved == null ? text : resolved.toString();
  }

  /** The extension of the file a URL points to. */
  static String extensionOf(String url) {
    String path = url.replaceFirst("[?#].*$", "");
    int dot = path.lastIndexOf('.');
    return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1);
  }

  /** Ratings of sites where {@code s} still means "safe" (Moebooru, e621), not "sensitive". */
  static Rating safeQuestionableExplicit(String code) {
    return "s".equalsIgnoreCase(code.trim()) ? Rating.GENERAL : Rating.parse(code);
  }
}
