package dev.loraflow.trainer.sd;

import java.util.List;

/**
 * What loading a checkpoint into a model found: weights the model needs that the file lacks ({@code
 * missing}), tensors the model has no place for ({@code unexpected}), and tensors known to be
 * irrelevant and skipped on purpose ({@code ignored}: EMA copies, position_ids, schedule buffers).
 */
public record LoadReport(
    int loaded, List<String> missing, List<String> unexpected, List<String> ignored) {

  public LoadReport {
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    ignored = List.copyOf(ignored);
  }

  public boolean isComplete() {
    return missing.isEmpty();
  }

  public LoadReport plus(LoadReport other) {
    return new LoadReport(
        loaded + other.loaded,
        concat(missing, other.missing),
        concat(unexpected, other.unexpected),
        concat(ignored, other.ignored));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** One line for logs; lists up to five names of each kind. */
  public String summary() {
    return loaded
        + " loaded, "
        + missing.size()
        + " missing"
        + sample(missing)
        + ", "
        + unexpected.size()
        + " unexpected"
        + sample(unexpected)
        + ", "
        + ignored.size()
        + " ignored";
  }

  private static String sample(List<String> names) {
    return names.isEmpty()
        ? ""
        : " " + names.subList(0, Math.min(5, names.size())) + (names.size() > 5 ? "..." : "");
  }
}
