package dev.loraflow.transforms.tagging;

import java.nio.file.Path;

/**
 * A WD14 model on local disk.
 *
 * @param onnx {@code model.onnx}
 * @param labels its {@code selected_tags.csv}
 */
record ModelFiles(Path onnx, Path labels) {

  static final String ONNX = "model.onnx";
  static final String LABELS = "selected_tags.csv";

  /** The two files as a WD14 folder (and a Hugging Face repo) names them. */
  static ModelFiles in(Path dir) {
    return new ModelFiles(dir.resolve(ONNX), dir.resolve(LABELS));
  }
}
