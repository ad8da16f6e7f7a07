package dev.loraflow.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.model.Reject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a recipe run did, read back from the files it wrote, as the few lines a person reads. */
record RunSummary(
    DatasetManifest manifest,
    List<Reject> rejects,
    String output,
    boolean demo,
    List<String> sourceLines,
    List<String> curationLines) {

  /** The traits the character recipe pruned, from {@code tags-report.json}, as one line. */
  static List<String> prunedTraits(JsonNode tagsReport) {
    List<String> traits = new ArrayList<>();
    for (JsonNode trait : tagsReport.path("prunedTraits")) {
      traits.add(
          trait.path("tag").asText()
              + " "
              + trait.path("images").asInt()
              + "/"
              + trait.path("of").asInt());
    }
    return traits.isEmpty()
        ? List.of()
        : List.of(
            "Pruned:     "
                + traits.size()
                + " permanent traits ("
                + String.join(", ", traits)
                + "); why in tags-report.json");
  }

  /** Rejects from reading input files (unreadable image, caption not UTF-8): the user must act. */
  List<Reject> inputErrors() {
    return rejects.stream().filter(r -> r.kind() == Reject.Kind.INPUT_ERROR).toList();
  }

  String render() {
    StringBuilder text = new StringBuilder();
    if (demo) {
      text.append("Ran on the embedded demo data (no --input given).\n");
    }
    sourceLines.forEach(line -> text.append(line).append('\n'));
    int in = manifest.imageCount() + rejects.size();
    text.append(String.format("Images in:  %d%n", in));
    Map<String, Integer> byStage = new TreeMap<>();
    rejects.forEach(r -> byStage.merge(r.stage(), 1, Integer::sum));
    text.append(
        String.format(
            "Rejected:   %d%s%n", rejects.size(), byStage.isEmpty() ? "" : " " + byStage));
    long captioned = manifest.captionedImageCount();
    if (captioned == manifest.imageCount()) {
      text.append(String.format("Written:    %d images with captions%n", manifest.imageCount()));
    } else {
      text.append(
          String.format(
              "Written:    %d images, %d with captions (kohya captions the other %d with the"
                  + " folder's class token \"%s\")%n",
              manifest.imageCount(),
              captioned,
              manifest.imageCount() - captioned,
              manifest.classToken()));
    }
    curationLines.forEach(line -> text.append(line).append('\n'));
    text.append(String.format("Repeats:    %d (%s)%n", manifest.repeats(), manifest.folder()));
    text.append(String.format("Dataset:    %s/%s%n", output, manifest.folder()));
    text.append(
        String.format(
            "Reports:    %s/dataset.json, %s/rejects.jsonl, %s/tags-report.json%n",
            output, output, output));
    for (Reject reject : inputErrors()) {
      text.append("Input error: ")
          .append(reject.uri())
          .append(": ")
          .append(reject.reason())
          .append('\n');
    }
    return text.toString();
  }
}
