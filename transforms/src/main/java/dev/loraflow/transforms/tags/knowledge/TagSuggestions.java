package dev.loraflow.transforms.tags.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to write instead of a tag the vocabulary does not know, and whether one answer is clear
 * enough to apply unasked.
 *
 * <ul>
 *   <li>an alias of a known tag: the site says which tag it means; always clear;
 *   <li>a colour + item that is no tag ({@code red boots}): Danbooru colours clothes by group
 *       ({@code red footwear}, {@code white legwear}), so it becomes the group's colour tag and the
 *       item, when both are known; clear;
 *   <li>a spelling: the known tags at the fewest edits (a swap of two neighbours is one, {@code
 *       long hiar} → {@code long hair}), one edit for tags of 5 to 8 characters, two from 9, none
 *       below 5 (too many short tags are an edit apart); clear when one tag alone is nearest.
 * </ul>
 *
 * When a compound and a spelling both answer, neither is applied: the report shows both.
 */
public final class TagSuggestions {

  /** The suggestions for a tag, best first, and the one to apply if it is clear. */
  public record Result(List<Suggestion> suggestions, Optional<Suggestion> fix) {}

  private static final int MAX_SPELLINGS = 5;
  // Danbooru's colour tag groups for clothes: the item's colour goes on the group's noun.
  private static final Map<String, List<String>> GROUPS =
      Map.of(
          "footwear",
              List.of(
                  "boots",
                  "shoes",
                  "sneakers",
                  "sandals",
                  "high heels",
                  "loafers",
                  "slippers",
                  "pumps",
                  "thigh boots",
                  "knee boots",
                  "ankle boots",
                  "mary janes"),
          "legwear",
              List.of(
                  "thighhighs",
                  "pantyhose",
                  "socks",
                  "kneehighs",
                  "leggings",
                  "stockings",
                  "over-kneehighs"),
          "headwear", List.of("hat", "cap", "beret", "helmet", "beanie", "headband"),
          "neckwear", List.of("necktie", "bowtie", "ascot", "neckerchief", "cravat"));

  private TagSuggestions() {}

  /** Suggestions for {@code tag} (normalized), which {@code vocabulary} does not know. */
  public static Result of(String tag, TagVocabulary vocabulary) {
    Optional<String> alias = vocabulary.aliasOf(tag);
    if (alias.isPresent()) {
      Suggestion only =
          new Suggestion(Suggestion.ALIAS, List.of(alias.get()), vocabulary.postCount(alias.get()));
      return new Result(List.of(only), Optional.of(only));
    }
    Optional<Suggestion> compound = compound(tag, vocabulary);
    List<Suggestion> spellings = spellings(tag, vocabulary);
    List<Suggestion> all = new ArrayList<>();
    compound.ifPresent(all::add);
    all.addAll(spellings);
    Optional<Suggestion> fix = Optional.empty();
    if (compound.isPresent() && spellings.isEmpty()) {
      fix = compound;
    } else if (compound.isEmpty() && spellings.size() == 1) {
      fix = Optional.of(spellings.get(0));
    }
    return new Result(List.copyOf(all), fix);
  }

  private static Optional<Suggestion> compound(String tag, TagVocabulary vocabulary) {
    Optional<ColourItem> pair = ColourItem.of(tag);
    if (pair.isEmpty() || !vocabulary.knows(pair.get().item())) {
      return Optional.empty();
    }
    String item = pair.get().item();
    for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
      String colourTag = pair.get().withItem(group.getKey());
      if (group.getValue().contains(item) && vocabulary.knows(colourTag)) {
        return Optional.of(
            new Suggestion(
                Suggestion.COMPOUND,
                List.of(colourTag, item),
                Math.max(vocabulary.postCount(colourTag), vocabulary.postCount(item))));
      }
    }
    return Optional.empty();
  }

  // The nearest known tags only: a farther one is a worse guess than any of them.
  private static List<Suggestion> spellings(String tag, TagVocabulary vocabulary) {
    int limit = tag.length() < 5 ? 0 : tag.length() < 9 ? 1 : 2;
    List<String> nearest = new ArrayList<>();
    int best = limit + 1;
    for (int length = tag.length() - limit; length <= tag.length() + limit; length++) {
      for (String known : vocabulary.ofLength(length)) {
        int distance = EditDistance.within(tag, known, Math.min(best, limit));
        if (distance < best) {
          best = distance;
          nearest.clear();
        }
        if (distance == best && distance <= limit) {
          nearest.add(known);
        }
      }
    }
    return nearest.stream()
        .map(
            known ->
                new Suggestion(Suggestion.SPELLING, List.of(known), vocabulary.postCount(known)))
        .sorted(
            Comparator.comparingLong(Suggestion::postCount)
                .reversed()
                .thenComparing(s -> s.tags().get(0)))
        .limit(MAX_SPELLINGS)
        .toList();
  }
}
