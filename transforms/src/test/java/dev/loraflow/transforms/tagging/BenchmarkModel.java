package dev.loraflow.transforms.tagging;

import dev.loraflow.testing.OnnxModelWriter;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A WD14-shaped model of realistic cost for the benchmark: NHWC input [batch, 448, 448, 3], a stack
 * of convolutions (stem 4x4/4, then 16, 12, 6 and 1 3x3 convolutions of 96, 192, 384 and 768
 * channels with 2x2/2 downsampling), global pooling and a dense layer onto WD14 v3's 10861 labels:
 * about 29 M weights (~115 MB) and ~37 G multiply-adds per image, about what a SwinV2-base at 448
 * costs; the real v3 taggers take 0.5 to 2 s per image on a CPU. The weights are random (He-scaled,
 * so no denormals slow the CPU); only the cost matters.
 */
final class BenchmarkModel {

  static final int SIZE = 448;
  static final int LABELS = 10861;

  private final OnnxModelWriter writer = new OnnxModelWriter();
  private final Random random = new Random(1);
  private long weights;
  private int layer;

  private BenchmarkModel() {}

  /** Writes model.onnx and a matching selected_tags.csv into {@code dir}, unless already there. */
  static Path writeIfAbsent(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve(ModelFiles.ONNX))) {
      return dir;
    }
    BenchmarkModel model = new BenchmarkModel();
    model.build().writeTo(dir.resolve(ModelFiles.ONNX));
    writeLabels(dir.resolve(ModelFiles.LABELS));
    System.out.printf("Generated benchmark model: %.1f MB of weights%n", model.weights * 4 / 1e6);
    return dir;
  }

  private OnnxModelWriter build() {
    writer.input("input_1:0", "batch", SIZE, SIZE, 3);
    writer.node("Transpose", List.of("input_1:0"), "nchw", "perm", new long[] {0, 3, 1, 2});
    String x = conv("nchw", 3, 96, 4, 4, 0);
    x = stage(x, 96, 16);
    x = conv(x, 96, 192, 2, 2, 0);
    x = stage(x, 192, 12);
    x = conv(x, 192, 384, 2, 2, 0);
    x = stage(x, 384, 6);
    x = conv(x, 384, 768, 2, 2, 0);
    x = stage(x, 768, 1);
    writer.node("GlobalAveragePool", List.of(x), "pooled");
    writer.node("Flatten", List.of("pooled"), "features", "axis", 1);
    writer.weights("head_w", gaussian(768 * LABELS, 0.001), 768, LABELS);
    writer.weights("head_b", headBias(), LABELS);
    weights += 768L * LABELS + LABELS;
    writer.node("MatMul", List.of("features", "head_w"), "logits0");
    writer.node("Add", List.of("logits0", "head_b"), "logits");
    writer.node("Sigmoid", List.of("logits"), "predictions_sigmoid");
    writer.output("predictions_sigmoid", "batch", LABELS);
    return writer;
  }

  private String stage(String input, int channels, int depth) {
    String x = input;
    for (int i = 0; i < depth; i++) {
      x = conv(x, channels, channels, 3, 1, 1);
    }
    return x;
  }

  private String conv(String input, int in, int out, int kernel, int stride, int pad) {
    String name = "conv" + layer++;
    int fanIn = in * kernel * kernel;
    writer.weights(
        name + "_w", gaussian(out * fanIn, Math.sqrt(2.0 / fanIn)), out, in, kernel, kernel);
    writer.weights(name + "_b", new float[out], out);
    weights += (long) out * fanIn + out;
    writer.node(
        "Conv",
        List.of(input, name + "_w", name + "_b"),
        name,
        "kernel_shape",
        new long[] {kernel, kernel},
        "strides",
        new long[] {stride, stride},
        "pads",
        new long[] {pad, pad, pad, pad});
    writer.node("Relu", List.of(name), name + "_relu");
    return name + "_relu";
  }

  /**
   * About 30 labels fire per image, as with a real tagger; all firing would bloat every caption.
   */
  private static float[] headBias() {
    float[] bias = new float[LABELS];
    for (int i = 0; i < LABELS; i++) {
      bias[i] = i % 350 == 5 ? 1f : -4f;
    }
    return bias;
  }

  private float[] gaussian(int count, double std) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  private static void writeLabels(Path csv) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("tag_id,name,category,count");
    String[] ratings = {"general", "sensitive", "questionable", "explicit"};
    for (int i = 0; i < LABELS; i++) {
      String name = i < 4 ? ratings[i] : "tag_" + i;
      int category = i < 4 ? 9 : i < LABELS - 2000 ? 0 : 4;
      lines.add(i + "," + name + "," + category + ",1000");
    }
    Files.write(csv, lines);
  }
}
