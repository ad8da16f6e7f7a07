package dev.loraflow.transforms.tagging.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The two kinds of tagger model kohya's script reads, and what each expects and returns. */
public enum ModelFormat {
  /**
   * SmilingWolf's WD14 v2/v3 ({@code owner/name}): {@code model.onnx} + {@code selected_tags.csv};
   * input NHWC, BGR 0..255; output probabilities.
   */
  SELECTED_TAGS("model.onnx", "selected_tags.csv", false) {
    @Override
    List<Label> readLabels(Path file) throws IOException {
      return Wd14Labels.read(file);
    }

    @Override
    public Captioner captioner(List<Label> labels, CaptionRules rules) {
      return new Wd14Captioner(labels, rules);
    }
  },

  /**
   * The layout of kohya's 3-part repo ids ({@code owner/name/subdir}, sd-scripts since Jan 2026):
   * {@code model_optimized.onnx} + {@code tag_mapping.json}; input NCHW, BGR scaled to -1..1
   * ({@code x / 127.5 - 1}); output logits, turned into probabilities with a sigmoid.
   */
  TAG_MAPPING("model_optimized.onnx", "tag_mapping.json", true) {
    @Override
    List<Label> readLabels(Path file) throws IOException {
      return TagMappingLabels.read(file);
    }

    @Override
    public Captioner captioner(List<Label> labels, CaptionRules rules) {
      return new TagMappingCaptioner(labels, rules);
    }
  };

  private final String onnxFile;
  private final String labelsFile;
  private final boolean channelsFirst;

  ModelFormat(String onnxFile, String labelsFile, boolean channelsFirst) {
    this.onnxFile = onnxFile;
    this.labelsFile = labelsFile;
    this.channelsFirst = channelsFirst;
  }

  public String onnxFile() {
    return onnxFile;
  }

  public String labelsFile() {
    return labelsFile;
  }

  /**
   * True for NCHW input scaled to -1..1 and logit output; false for NHWC 0..255 and probabilities.
   * kohya ties the two together by layout, and so does loraflow.
   */
  boolean channelsFirst() {
    return channelsFirst;
  }

  /** The labels, one per model output, in output order. */
  abstract List<Label> readLabels(Path file) throws IOException;

  public abstract Captioner captioner(List<Label> labels, CaptionRules rules);
}
