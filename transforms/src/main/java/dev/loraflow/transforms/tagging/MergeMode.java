package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.onnx.Wd14Prediction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How WD14's tags combine with the tags and caption a sample already has. */
public enum MergeMode {
  /**
   * kohya's default: the caption, rating and general/character tags become WD14's. Artist,
   * copyright and meta tags from a booru stay in {@link Sample#tags()}, since WD14 does not predict
   * them; one a tag_mapping.json model predicts too is kept once, with the model's score.
   */
  REPLACE {
    @Override
    Sample merge(Sample sample, Wd14Prediction prediction) {
      Set<String> predicted = new HashSet<>();
      prediction.tags().forEach(tag -> predicted.add(tag.name()));
      List<Tag> tags = new ArrayList<>();
      for (Tag tag : sample.tags()) {
        if (tag.category() != TagCategory.GENERAL
            && tag.category() != TagCategory.CHARACTER
            && !predicted.contains(tag.name())) {
          tags.add(tag);
        }
      }
      tags.addAll(prediction.tags());
      return sample.toBuilder()
          .setTags(tags)
          .setRating(prediction.rating())
          .setCaption(prediction.caption())
          .build();
    }
  },

  /**
   * kohya's {@code --append_tags}: the existing caption, then WD14's tags it does not have yet, in
   * WD14's order. Tags are merged the same way; a rating the sample already has is kept.
   */
  APPEND {
    @Override
    Sample merge(Sample sample, Wd14Prediction prediction) {
      Set<String> existing = new HashSet<>(sample.caption());
      List<String> caption = new ArrayList<>(sample.caption());
      for (String tag : prediction.caption()) {
        if (!existing.contains(tag)) {
          caption.add(tag);
        }
      }
      Set<String> known = new HashSet<>();
      sample.tags().forEach(tag -> known.add(tag.name()));
      List<Tag> tags = new ArrayList<>(sample.tags());
      for (Tag tag : prediction.tags()) {
        if (known.add(tag.name())) {
          tags.add(tag);
        }
      }
      Rating rating = sample.rating() == Rating.UNKNOWN ? prediction.rating() : sample.rating();
      return sample.toBuilder().setTags(tags).setRating(rating).setCaption(caption).build();
    }
  },

  /**
   * waifuc's default ({@code TaggingAction(force=False)}): samples that already have tags or a
   * caption pass unchanged and are not even run through the model; the others are tagged as with
   * {@link #REPLACE}.
   */
  ONLY_UNTAGGED {
    @Override
    boolean skips(Sample sample) {
      return !sample.tags().isEmpty() || !sample.caption().isEmpty();
    }

    @Override
    Sample merge(Sample sample, Wd14Prediction prediction) {
      return REPLACE.merge(sample, prediction);
    }
  };

  /** Whether {@code sample} passes through without tagging. */
  boolean skips(Sample sample) {
    return false;
  }

  /** {@code sample} with WD14's prediction combined in. */
  abstract Sample merge(Sample sample, Wd14Prediction prediction);
}
