package dev.loraflow.trainer.sd;

import java.util.Map;

/** Sizes of the CLIP text transformer; {@link #sd15()} is ViT-L/14's, used by SD 1.x. */
public record ClipTextConfig(
    int vocabSize, int width, int contextLength, int layers, int heads, int intermediateSize) {

  public ClipTextConfig {
    positive("vocabSize", vocabSize);
    positive("width", width);
    positive("contextLength", contextLength);
    positive("layers", layers);
    positive("heads", heads);
    positive("intermediateSize", intermediateSize);
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " is not divisible by heads " + heads);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  public static ClipTextConfig sd15() {
    return new ClipTextConfig(49408, 768, 77, 12, 12, 3072);
  }

  /**
   * Sizes read from tensor shapes (keys relative to {@code cond_stage_model.transformer.}). Heads
   * cannot be seen in shapes; CLIP text models use 64 channels per head.
   */
  public static ClipTextConfig fromShapes(Map<String, long[]> shapes) {
    String embeddings = "text_model.embeddings.";
    int width = (int) ShapeMaps.dim(shapes, embeddings + "token_embedding.weight", 1);
    return new ClipTextConfig(
        (int) ShapeMaps.dim(shapes, embeddings + "token_embedding.weight", 0),
        width,
        (int) ShapeMaps.dim(shapes, embeddings + "position_embedding.weight", 0),
        ShapeMaps.countIndexed(shapes, "text_model.encoder.layers."),
        Math.max(1, width / 64),
        (int) ShapeMaps.dim(shapes, "text_model.encoder.layers.0.mlp.fc1.weight", 0));
  }
}
