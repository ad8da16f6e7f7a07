package dev.loraflow.transforms.tagging.onnx;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Tag;
import java.util.List;

/**
 * What WD14 says about one image.
 *
 * @param rating the rating label with the highest probability
 * @param tags the general and character tags that passed their thresholds, with their scores, in
 *     model order
 * @param caption the same tags in caption order
 */
public record Wd14Prediction(Rating rating, List<Tag> tags, List<String> caption) {

  public Wd14Prediction {
    tags = List.copyOf(tags);
    caption = List.copyOf(caption);
  }
}
