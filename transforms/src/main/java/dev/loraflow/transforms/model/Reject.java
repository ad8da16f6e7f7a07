package dev.loraflow.transforms.model;

import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * An input that a stage refused, and why. Rejects leave the main output through a side output and
 * end up in the dataset's {@code rejects.jsonl}: nothing vanishes silently.
 *
 * @param id the sample's id
 * @param uri where its bytes came from (a path or URL, never with credentials in it)
 * @param stage the step that refused it, e.g. {@code decode} or {@code dedupe}
 * @param reason a sentence a person can act on
 */
@DefaultCoder(RejectCoder.class)
public record Reject(String id, String uri, String stage, String reason) {

  public Reject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
  }

  /** A reject of {@code sample} by {@code stage}. */
  public static Reject of(Sample sample, String stage, String reason) {
    return new Reject(sample.id(), sample.uri(), stage, reason);
  }
}
