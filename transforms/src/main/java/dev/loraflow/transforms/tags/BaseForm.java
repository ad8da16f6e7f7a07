package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagCategory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link PruneCoreTraits} decides from a dataset's {@link TagCounts}: which tags describe the
 * character's base form (and other tags a character caption leaves out), each with its reason.
 *
 * @param trigger the character's tag, normalized; never pruned
 * @param minShare an appearance tag in at least this share of the images is part of the base form
 * @param appearance the tags that may be part of it
 * @param keep tags never pruned, normalized
 * @param remove tags always pruned, normalized
 * @param known categories of tags the source gave none for (a folder's captions), normalized
 */
record BaseForm(
    String trigger,
    double minShare,
    AppearanceTags appearance,
    Set<String> keep,
    Set<String> remove,
    Map<String, TagCategory> known)
    implements Serializable {

  /**
   * The decision: the pruned traits, and why nothing was pruned automatically if it was not ({@code
   * null} when it was: the decision travels as a side input, and Optional does not serialize).
   */
  record Decision(List<PrunedTrait> pruned, String warningOrNull) implements Serializable {
    Optional<String> warning() {
      return Optional.ofNullable(warningOrNull);
    }
  }

  BaseForm {
    keep = Set.copyOf(keep);
    remove = Set.copyOf(remove);
    known = Map.copyOf(known);
  }

  BaseForm withMinShare(double share) {
    return new BaseForm(trigger, share, appearance, keep, remove, known);
  }

  BaseForm withAppearance(AppearanceTags tags) {
    return new BaseForm(trigger, minShare, tags, keep, remove, known);
  }

  BaseForm withKeep(Set<String> tags) {
    return new BaseForm(trigger, minShare, appearance, tags, remove, known);
  }

  BaseForm withRemove(Set<String> tags) {
    return new BaseForm(trigger, minShare, appearance, keep, tags, known);
  }

  BaseForm withKnown(Map<String, TagCategory> categories) {
    return new BaseForm(trigger, minShare, appearance, keep, remove, categories);
  }

  Decision decide(TagCounts counts) {
    long images = counts.images();
    // With fewer than two images every tag is in "most" of them: nothing to tell traits apart by.
    boolean automatic = images >= 2;
    List<PrunedTrait> pruned = new ArrayList<>();
    for (String tag : new TreeSet<>(counts.tags())) {
      if (tag.equals(trigger) || keep.contains(tag)) {
        continue;
      }
      long having = counts.imagesWith(tag);
      Optional<String> why =
          remove.contains(tag)
              ? Optional.of("asked to remove")
              : automatic ? reason(tag, having, images, counts) : Optional.empty();
      why.ifPresent(reason -> pruned.add(new PrunedTrait(tag, having, images, reason)));
    }
    Optional<String> warning =
        automatic
            ? Optional.empty()
            : Optional.of(
                (images == 0 ? "The dataset is empty" : "The dataset has one image")
                    + ": too few to tell the character's permanent traits from one picture's,"
                    + " so none were pruned automatically (only the tags asked for).");
    return new Decision(List.copyOf(pruned), warning.orElse(null));
  }

  /** The rule every caption gets: the pruned tags removed, the trigger first. */
  TagRules rule(Decision decision) {
    List<String> tags = decision.pruned().stream().map(PrunedTrait::tag).toList();
    return TagRules.none().removing(tags).insertingFirst(List.of(trigger));
  }

  private Optional<String> reason(String tag, long having, long images, TagCounts counts) {
    boolean most = having >= minShare * images - 1e-9;
    TagCategory category =
        counts
            .category(tag)
            .or(() -> Optional.ofNullable(known.get(tag)))
            .orElse(TagCategory.GENERAL);
    return switch (category) {
      case COPYRIGHT -> Optional.of("copyright tag: names the series, not what is drawn");
      case ARTIST -> Optional.of("artist tag: names who drew it, not what is drawn");
      case META -> Optional.of("meta tag: about the file, not the picture");
      case CHARACTER ->
          most
              ? Optional.of("the character's own tag, which the trigger stands for")
              : Optional.empty(); // another character, in a few pictures: part of those
      case GENERAL ->
          most && appearance.matches(tag)
              ? Optional.of(
                  String.format(
                      "in %d of %d images: part of the character's base form", having, images))
              : Optional.empty();
    };
  }
}
