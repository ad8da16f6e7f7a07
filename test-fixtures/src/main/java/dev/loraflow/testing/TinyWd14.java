package dev.loraflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny WD14 look-alike for tests: input {@code input_1:0} [batch, 32, 32, 3] (BGR 0..255), output
 * [batch, 13] sigmoid probabilities of {@code sigmoid(mean(B,G,R) . w + b)}, with weights chosen so
 * that known tags fire on known colours:
 *
 * <ul>
 *   <li>ratings: {@code general} on everything but blue images, which are {@code sensitive};
 *   <li>always (general): {@code 1girl} 0.73, {@code simple_background} 0.5, {@code ^_^} 0.40; and
 *       {@code long_hair} at 0.33, just under the default 0.35;
 *   <li>{@code red_background} 0.93 on red, {@code white_background} 0.76 on white;
 *   <li>characters {@code hatsune_miku} 0.93 and {@code kagamine_rin} 0.96 on green.
 * </ul>
 */
public final class TinyWd14 {

  public static final int SIZE = 32;

  /** name, category, weight B, G, R, bias. */
  private static final Object[][] LABELS = {
    {"general", 9, 0.0, 0.0, 0.0, 1.0},
    {"sensitive", 9, 0.02, -0.02, -0.02, -1.0},
    {"questionable", 9, 0.0, 0.0, 0.0, -1.0},
    {"explicit", 9, 0.0, 0.0, 0.0, -2.0},
    {"1girl", 0, 0.0, 0.0, 0.0, 1.0},
    {"red_background", 0, -0.02, -0.02, 0.02, -2.5},
    {"white_background", 0, 0.01, 0.01, 0.01, -6.5},
    {"simple_background", 0, 0.0, 0.0, 0.0, 0.0},
    {"^_^", 0, 0.0, 0.0, 0.0, -0.405},
    {"long_hair", 0, 0.0, 0.0, 0.0, -0.7},
    {"blue_background", 0, 0.02, -0.02, -0.02, -2.5},
    {"hatsune_miku", 4, -0.02, 0.02, -0.02, -2.5},
    {"kagamine_rin", 4, -0.02, 0.02, -0.02, -2.0},
  };

  /**
   * The tag_mapping.json model: id, tag, category, weight B, G, R, bias of the logit {@code
   * mean(B,G,R) . w + b}, with channels scaled to -1..1 (red is B=-1, G=-1, R=1). Output 7 always
   * fires but is left out of the mapping, and output 16 lies beyond it: kohya skips both.
   */
  private static final Object[][] MAPPED = {
    {0, "general", "Rating", 0.0, 0.0, 0.0, 1.0},
    {1, "sensitive", "Rating", 2.0, -1.0, -1.0, -2.0},
    {2, "questionable", "Rating", 0.0, 0.0, 0.0, -3.0},
    {3, "explicit", "Rating", 0.0, 0.0, 0.0, -4.0},
    {4, "1girl", "General", 0.0, 0.0, 0.0, 2.0},
    {5, "red_background", "General", -1.0, -1.0, 1.0, -0.5},
    {6, "solo", "General", 0.0, 0.0, 0.0, 0.0},
    {8, "hatsune_miku_(vocaloid)", "Character", -1.0, 2.0, -1.0, -1.5},
    {9, "vocaloid", "Copyright", -1.0, 2.0, -1.0, -1.0},
    {10, "highres", "Meta", 0.0, 0.0, 0.0, 0.8},
    {11, "novelai", "Model", 0.0, 0.0, 0.0, -0.2},
    {12, "masterpiece", "Quality", 0.0, 0.0, 0.0, 0.5},
    {13, "best_quality", "Quality", 0.0, 0.0, 0.0, 0.3},
    {14, "some_artist", "Artist", 0.0, 0.0, 0.0, -0.4},
    {15, "long_hair", "General", 0.0, 0.0, 0.0, -0.7},
  };

  private static final int MAPPED_OUTPUTS = 17;
  private static final float UNMAPPED_LOGIT = 5f;

  private TinyWd14() {}

  /** Writes {@code model.onnx} and {@code selected_tags.csv} into {@code dir}. */
  public static Path write(Path dir) throws IOException {
    return write(dir, "batch");
  }

  /** As {@link #write(Path)}, with a batch dimension of {@code batch} (a size or a name). */
  public static Path write(Path dir, Object batch) throws IOException {
    Files.createDirectories(dir);
    model(batch, new long[] {1, 2}, batch, SIZE, SIZE, 3).writeTo(dir.resolve("model.onnx"));
    writeCsv(dir.resolve("selected_tags.csv"), LABELS.length);
    return dir;
  }

  /** The model on channels-first input [batch, 3, 32, 32], a signature WD14 models do not have. */
  public static Path writeChannelsFirst(Path dir) throws IOException {
    Files.createDirectories(dir);
    model("batch", new long[] {2, 3}, "batch", 3, SIZE, SIZE).writeTo(dir.resolve("model.onnx"));
    writeCsv(dir.resolve("selected_tags.csv"), LABELS.length);
    return dir;
  }

  /**
   * Writes {@code model_optimized.onnx} and {@code tag_mapping.json} into {@code dir}: the layout
   * kohya reads from a 3-part repo id, input {@code input} [batch, 3, 32, 32] scaled to -1..1,
   * output {@code output} [batch, 17] of logits, labels in eight categories:
   *
   * <ul>
   *   <li>ratings: {@code general} (0.73) on everything but blue images, which are {@code
   *       sensitive};
   *   <li>always: {@code 1girl} 0.88, {@code highres} (meta) 0.69, {@code masterpiece} (quality)
   *       0.62 over {@code best_quality} 0.57, {@code solo} 0.5, {@code novelai} (model) 0.45,
   *       {@code some_artist} (artist) 0.40; {@code long_hair} 0.33, under the default 0.35;
   *   <li>{@code red_background} 0.92 on red;
   *   <li>on green: {@code vocaloid} (copyright) 0.95 and {@code hatsune_miku_(vocaloid)}
   *       (character) 0.92.
   * </ul>
   */
  public static Path writeTagMapping(Path dir) throws IOException {
    Files.createDirectories(dir);
    float[] weights = new float[3 * MAPPED_OUTPUTS];
    float[] bias = new float[MAPPED_OUTPUTS];
    bias[7] = UNMAPPED_LOGIT;
    StringBuilder json = new StringBuilder("{");
    for (Object[] label : MAPPED) {
      int id = (Integer) label[0];
      for (int c = 0; c < 3; c++) {
        weights[c * MAPPED_OUTPUTS + id] = ((Double) label[3 + c]).floatValue();
      }
      bias[id] = ((Double) label[6]).floatValue();
      json.append(json.length() > 1 ? ", " : "")
          .append(
              String.format(
                  "\"%d\": {\"tag\": \"%s\", \"category\": \"%s\"}", id, label[1], label[2]));
    }
    new OnnxModelWriter()
        .input("input", "batch", 3, SIZE, SIZE)
        .weights("w", weights, 3, MAPPED_OUTPUTS)
        .weights("b", bias, MAPPED_OUTPUTS)
        .node("ReduceMean", List.of("input"), "mean", "axes", new long[] {2, 3}, "keepdims", 0)
        .node("MatMul", List.of("mean", "w"), "logits0")
        .node("Add", List.of("logits0", "b"), "output")
        .output("output", "batch", MAPPED_OUTPUTS)
        .writeTo(dir.resolve("model_optimized.onnx"));
    Files.writeString(dir.resolve("tag_mapping.json"), json.append("}").toString());
    return dir;
  }

  /** The first {@code rows} labels as a selected_tags.csv. */
  public static void writeCsv(Path csv, int rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("tag_id,name,category,count");
    for (int i = 0; i < rows; i++) {
      lines.add(i + "," + LABELS[i][0] + "," + LABELS[i][1] + ",1000");
    }
    Files.write(csv, lines);
  }

  private static OnnxModelWriter model(Object batch, long[] spatialAxes, Object... inputDims) {
    int tags = LABELS.length;
    float[] weights = new float[3 * tags];
    float[] bias = new float[tags];
    for (int t = 0; t < tags; t++) {
      for (int c = 0; c < 3; c++) {
        weights[c * tags + t] = ((Double) LABELS[t][2 + c]).floatValue();
      }
      bias[t] = ((Double) LABELS[t][5]).floatValue();
    }
    return new OnnxModelWriter()
        .input("input_1:0", inputDims)
        .weights("w", weights, 3, tags)
        .weights("b", bias, tags)
        .node("ReduceMean", List.of("input_1:0"), "mean", "axes", spatialAxes, "keepdims", 0)
        .node("MatMul", List.of("mean", "w"), "logits0")
        .node("Add", List.of("logits0", "b"), "logits")
        .node("Sigmoid", List.of("logits"), "predictions_sigmoid")
        .output("predictions_sigmoid", batch, tags);
  }
}
