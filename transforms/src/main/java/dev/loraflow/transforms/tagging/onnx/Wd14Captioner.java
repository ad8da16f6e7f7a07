package dev.loraflow.transforms.tagging.onnx;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one image's WD14 probabilities into a rating, scored tags and a caption, following kohya's
 * {@code tag_images_by_wd14_tagger.py} (ONNX, {@code selected_tags.csv} format):
 *
 * <ul>
 *   <li>rating: the rating label with the highest probability (the first on a tie);
 *   <li>general tags with probability {@code >=} the general threshold, character tags {@code >=}
 *       the character threshold, both in model order, undesired tags left out;
 *   <li>with character tags first, each character tag is put at the front in turn, so several end
 *       up in reverse model order;
 *   <li>the rating label, if asked for, at the front or the end.
 * </ul>
 *
 * An expanded character tag ({@code name, series}) is one entry until the end, as in kohya, and
 * only then split into its two tags.
 */
final class Wd14Captioner implements Captioner {

  private final CaptionRules rules;
  private final List<String> spelled;
  private final List<Label> labels;
  private final Set<String> undesired;

  Wd14Captioner(List<Label> labels, CaptionRules rules) {
    this.rules = rules;
    this.labels = labels;
    this.spelled = rules.spellAll(labels);
    this.undesired = new HashSet<>(rules.undesiredTags());
  }

  @Override
  public Wd14Prediction caption(float[] probabilities) {
    Rating rating = Rating.UNKNOWN;
    String ratingLabel = null;
    float best = Float.NEGATIVE_INFINITY;
    List<Tag> tags = new ArrayList<>();
    List<String> caption = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      float p = probabilities[i];
      String name = spelled.get(i);
      switch (labels.get(i).category()) {
        case RATING -> {
          if (p > best) {
            best = p;
            rating = Rating.parse(labels.get(i).name());
            ratingLabel = name;
          }
        }
        case GENERAL -> {
          if (p >= rules.generalThreshold() && !undesired.contains(name)) {
            tags.add(new Tag(name, TagCategory.GENERAL, p));
            caption.add(name);
          }
        }
        case CHARACTER -> {
          if (p >= rules.characterThreshold() && !undesired.contains(name)) {
            // The sample keeps the character's own label; only the caption is expanded.
            tags.add(new Tag(rules.spell(labels.get(i).name()), TagCategory.CHARACTER, p));
            caption.add(rules.characterTagsFirst() ? 0 : caption.size(), name);
          }
        }
        default -> {
          // Other categories do not appear in WD14 v2/v3 label files; kohya ignores them too.
        }
      }
    }
    if (ratingLabel != null
        && rules.ratingTag() != TagPosition.NONE
        && !undesired.contains(ratingLabel)) {
      caption.add(rules.ratingTag() == TagPosition.FIRST ? 0 : caption.size(), ratingLabel);
    }
    List<String> split = new ArrayList<>(caption.size());
    caption.forEach(entry -> split.addAll(List.of(entry.split(", "))));
    return new Wd14Prediction(rating, tags, split);
  }
}
