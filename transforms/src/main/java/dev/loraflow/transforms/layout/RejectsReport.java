package dev.loraflow.transforms.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.transforms.model.Reject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code rejects.jsonl}: one JSON object per refused input ({@code id, uri, stage, reason, kind}),
 * sorted.
 */
public final class RejectsReport {
  public static final String FILE_NAME = "rejects.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RejectsReport() {}

  public static byte[] toJsonLines(List<Reject> rejects) {
    StringBuilder text = new StringBuilder();
    rejects.stream()
        .sorted(
            Comparator.comparing(Reject::stage)
                .thenComparing(Reject::id)
                .thenComparing(Reject::reason))
        .forEach(r -> text.append(toJson(r)).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a {@code rejects.jsonl}. */
  public static List<Reject> parse(byte[] jsonLines) throws IOException {
    List<Reject> rejects = new ArrayList<>();
    for (String line : new String(jsonLines, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        rejects.add(JSON.readValue(line, Reject.class));
      }
    }
    return rejects;
  }

  private static String toJson(Reject reject) {
    try {
      return JSON.writeValueAsString(reject);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
