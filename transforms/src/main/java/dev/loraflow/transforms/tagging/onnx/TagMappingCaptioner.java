package dev.loraflow.transforms.tagging.onnx;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The caption of a {@code tag_mapping.json} model, as kohya's script writes it for that layout:
 *
 * <ul>
 *   <li>only outputs at or above the lowest threshold count at all, and undesired tags never;
 *   <li>rating and quality: the most probable of their labels;
 *   <li>general, character, copyright, artist, meta and model tags at or above their own
 *       thresholds, written as plain tags, sorted by probability (highest first, model order on a
 *       tie); with character tags first, the characters, sorted the same way, go before the rest;
 *   <li>the quality label, then the rating label, at the front or the end when asked for.
 * </ul>
 *
 * <p>In the sample's tags a model-category tag (the generator an image was made with) counts as
 * meta; the quality label is written only in the caption, like the rating.
 *
 * <p>Where loraflow differs: kohya's gate is the lowest of its thresholds and {@code --thresh}
 * (0.35); loraflow has no {@code --thresh}, so the two agree while some threshold is at most 0.35,
 * as by default. kohya's tag_mapping path replaces underscores before expanding {@code
 * name_(series)}, which leaves a stray space ({@code name , series}); loraflow expands first, as
 * kohya's selected_tags path does ({@code name, series}).
 */
final class TagMappingCaptioner implements Captioner {

  private final CaptionRules rules;
  private final List<Label> labels;
  private final List<String> spelled;
  private final Set<String> undesired;

  TagMappingCaptioner(List<Label> labels, CaptionRules rules) {
    this.rules = rules;
    this.labels = labels;
    this.spelled = rules.spellAll(labels);
    this.undesired = new HashSet<>(rules.undesiredTags());
  }

  @Override
  public Wd14Prediction caption(float[] probabilities) {
    float lowest = rules.lowestThreshold();
    Best rating = new Best();
    Best quality = new Best();
    List<Scored> characters = new ArrayList<>();
    List<Scored> others = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      float p = probabilities[i];
      Label label = labels.get(i);
      if (p < lowest
          || label.category() == LabelCategory.IGNORED
          || undesired.contains(spelled.get(i))) {
        continue;
      }
      Scored scored = new Scored(spelled.get(i), p);
      switch (label.category()) {
        case RATING -> rating.offer(i, p);
        case QUALITY -> quality.offer(i, p);
        case CHARACTER -> {
          if (p >= rules.characterThreshold()) {
            (rules.characterTagsFirst() ? characters : others).add(scored);
            tags.add(new Tag(rules.spell(label.name()), TagCategory.CHARACTER, p));
          }
        }
        default -> {
          if (p >= threshold(label.category())) {
            others.add(scored);
            tags.add(new Tag(scored.name, tagCategory(label.category()), p));
          }
        }
      }
    }
    List<String> caption = new ArrayList<>();
    characters.stream().sorted(Scored.HIGHEST_FIRST).forEach(s -> caption.add(s.name));
    others.stream().sorted(Scored.HIGHEST_FIRST).forEach(s -> caption.add(s.name));
    place(caption, quality, rules.qualityTag());
    place(caption, rating, rules.ratingTag());
    List<String> split = new ArrayList<>(caption.size());
    caption.forEach(entry -> split.addAll(List.of(entry.split(", "))));
    Rating parsed =
        rating.index < 0 ? Rating.UNKNOWN : Rating.parse(labels.get(rating.index).name());
    return new Wd14Prediction(parsed, tags, split);
  }

  private void place(List<String> caption, Best best, TagPosition position) {
    if (best.index >= 0 && position != TagPosition.NONE) {
      caption.add(position == TagPosition.FIRST ? 0 : caption.size(), spelled.get(best.index));
    }
  }

  private float threshold(LabelCategory category) {
    return switch (category) {
      case COPYRIGHT -> rules.copyrightThreshold();
      case ARTIST -> rules.artistThreshold();
      case META -> rules.metaThreshold();
      case MODEL -> rules.modelThreshold();
      default -> rules.generalThreshold();
    };
  }

  private static TagCategory tagCategory(LabelCategory category) {
    return switch (category) {
      case COPYRIGHT -> TagCategory.COPYRIGHT;
      case ARTIST -> TagCategory.ARTIST;
      case META, MODEL -> TagCategory.META;
      default -> TagCategory.GENERAL;
    };
  }

  private record Scored(String name, float probability) {
    static final Comparator<Scored> HIGHEST_FIRST =
        Comparator.comparingDouble(Scored::probability).reversed();
  }

  /** The most probable label of a category so far; the first wins a tie, as in kohya. */
  private static final class Best {
    int index = -1;
    float probability;

    void offer(int i, float p) {
      if (index < 0 || p > probability) {
        index = i;
        probability = p;
      }
    }
  }
}
