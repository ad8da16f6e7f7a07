package dev.loraflow.transforms.tagging.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tagger model on local disk.
 *
 * @param onnx {@code model.onnx} or {@code model_optimized.onnx}
 * @param labels its {@code selected_tags.csv} or {@code tag_mapping.json}
 * @param format which of the two
 */
public record ModelFiles(Path onnx, Path labels, ModelFormat format) {

  public static final String ONNX = ModelFormat.SELECTED_TAGS.onnxFile();
  public static final String LABELS = ModelFormat.SELECTED_TAGS.labelsFile();

  /** The files of {@code format} in {@code dir}, named as in a model folder or a Hub repo. */
  public static ModelFiles in(Path dir, ModelFormat format) {
    return new ModelFiles(dir.resolve(format.onnxFile()), dir.resolve(format.labelsFile()), format);
  }

  /**
   * A local folder: a {@code tag_mapping.json} model if it has that file, else WD14's pair. The
   * model of a {@code tag_mapping.json} folder is kohya's {@code model_optimized.onnx}, or {@code
   * model.onnx} where only that is there: the name cl_tagger's folders have when other tools fetch
   * them.
   */
  public static ModelFiles in(Path dir) {
    if (!Files.isRegularFile(dir.resolve(ModelFormat.TAG_MAPPING.labelsFile()))) {
      return in(dir, ModelFormat.SELECTED_TAGS);
    }
    ModelFiles kohya = in(dir, ModelFormat.TAG_MAPPING);
    Path plain = dir.resolve(ONNX);
    return Files.isRegularFile(kohya.onnx()) || !Files.isRegularFile(plain)
        ? kohya
        : new ModelFiles(plain, kohya.labels(), ModelFormat.TAG_MAPPING);
  }

  /** The labels, one per model output, in output order. */
  public List<Label> readLabels() throws IOException {
    return format.readLabels(labels);
  }

  public boolean exist() {
    return Files.isRegularFile(onnx) && Files.isRegularFile(labels);
  }
}
