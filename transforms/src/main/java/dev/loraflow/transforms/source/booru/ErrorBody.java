package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an error body says, in one short line: the message of a JSON error, the title of an HTML
 * page, else the first line of text. A body is never quoted whole: a server that echoes the request
 * would print it, and a page of HTML helps nobody. The line is scrubbed by the {@link Redactor}.
 */
final class ErrorBody {

  private static final int MAX_LENGTH = 200;
  private static final List<String> MESSAGE_FIELDS = List.of("message", "reason", "error");
  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);

  private ErrorBody() {}

  static String summary(String body, Redactor redactor) {
    String text = body.strip();
    String said = text.startsWith("{") || text.startsWith("\"") ? jsonMessage(text) : null;
    if (said == null && text.startsWith("<")) {
      Matcher title = TITLE.matcher(text);
      said = title.find() ? title.group(1) : "an HTML page without a title";
    }
    if (said == null) {
      said = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("an empty body");
    }
    String line = redactor.text(said).strip().replaceAll("\\s+", " ");
    line = line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "…";
    return line + " (" + body.length() + " characters)";
  }

  // A JSON string, or the first message-like text field of an object; null when neither.
  private static String jsonMessage(String text) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    for (String field : MESSAGE_FIELDS) {
      JsonNode value = node.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return "a JSON body without a message";
  }
}
