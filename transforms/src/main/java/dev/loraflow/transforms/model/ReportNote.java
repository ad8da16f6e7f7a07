package dev.loraflow.transforms.model;

import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * What a stage did to the dataset and why, for the report beside it: a trait it pruned, an implied
 * tag it dropped, a tag it does not know, a group of near-duplicate images. Notes travel with the
 * samples and rejects ({@link SamplesAndRejects#notes}) and end up in the dataset's {@code
 * tags-report.json}, one array per section, sorted by key.
 *
 * @param section the report's array this note belongs to, e.g. {@code prunedTraits}
 * @param key orders the notes of a section, so every runner writes the same file
 * @param json the note itself: one JSON object
 */
@DefaultCoder(ReportNoteCoder.class)
public record ReportNote(String section, String key, String json) {

  public ReportNote {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
  }
}
