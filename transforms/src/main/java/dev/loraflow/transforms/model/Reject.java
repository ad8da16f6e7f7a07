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
 * @param kind whether the stage declined the input or the input itself is broken
 */
@DefaultCoder(RejectCoder.class)
public record Reject(String id, String uri, String stage, String reason, Kind kind) {

  /** Why an input was refused, for a run to decide whether to fail. */
  public enum Kind {
    /** The stage does not want it: a file type loraflow does not train on, a filter, a copy. */
    DECLINED,
    /** The input is broken and the user must fix it: an unreadable file, a caption not UTF-8. */
    INPUT_ERROR
  }

  public Reject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(kind, "kind");
  }

  /** A reject the stage {@link Kind#DECLINED}. */
  public Reject(String id, String uri, String stage, String reason) {
    this(id, uri, stage, reason, Kind.DECLINED);
  }

  /** An input the user must fix. */
  public static Reject inputError(String id, String uri, String stage, String reason) {
    return new Reject(id, uri, stage, reason, Kind.INPUT_ERROR);
  }

  /** A reject of {@code sample} by {@code stage}. */
  public static Reject of(Sample sample, String stage, String reason) {
    return new Reject(sample.id(), sample.uri(), stage, reason);
  }
}
