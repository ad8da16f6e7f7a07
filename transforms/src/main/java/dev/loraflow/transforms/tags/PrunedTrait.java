package dev.loraflow.transforms.tags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.model.ReportNote;
import java.io.Serializable;

/**
 * A tag {@link PruneCoreTraits} removed from every caption: how many images had it and why it went.
 * In {@code tags-report.json} it is an entry of {@value #SECTION}.
 *
 * @param tag the tag, normalized
 * @param images images whose caption had it
 * @param of images in the dataset
 * @param why the reason, for a person
 */
public record PrunedTrait(String tag, long images, long of, String why) implements Serializable {
  /** The report section of pruned traits. */
  public static final String SECTION = "prunedTraits";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The share of images that had it, 0 to 1. */
  public double share() {
    return of == 0 ? 0 : (double) images / of;
  }

  /** As {@code tags-report.json} lists it. */
  public ReportNote toNote() {
    ObjectNode json =
        JSON.createObjectNode()
            .put("tag", tag)
            .put("images", images)
            .put("of", of)
            .put("share", Math.round(share() * 1000) / 1000.0)
            .put("why", why);
    try {
      return new ReportNote(SECTION, tag, JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Reads one entry of {@value #SECTION} back. */
  public static PrunedTrait fromJson(JsonNode node) {
    return new PrunedTrait(
        node.path("tag").asText(),
        node.path("images").asLong(),
        node.path("of").asLong(),
        node.path("why").asText());
  }
}
