package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable, ordered list of caption edits ({@link TagRule}s, and itself one), the batch text
 * replacer of the guide as data: remove tags, replace one tag by others, insert tags at the
 * beginning (the guide's {@code {}b}, e.g. the trigger) or at the end, escape parentheses for
 * A1111. Each method returns these rules with one more rule appended; {@link #apply} runs them in
 * that order.
 *
 * <p>{@link #none()} starts with {@link NormalizeTags}, and the methods normalize the tags they are
 * given ({@link TagNames#normalize}), so {@code red_hair} and {@code Red Hair} name the same tag in
 * rules and captions. {@link #of} takes rules as they are, for captions that keep their spelling
 * (the tagger's).
 */
public final class TagRules implements TagRule {
  private static final long serialVersionUID = 1L;
  private static final TagRules NONE = new TagRules(List.of(new NormalizeTags()));

  private final List<TagRule> rules;

  private TagRules(List<TagRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Rules that only normalize (and drop empty and duplicate tags). */
  public static TagRules none() {
    return NONE;
  }

  /** Exactly {@code rules}, in this order, without normalizing first. */
  public static TagRules of(TagRule... rules) {
    return new TagRules(List.of(rules));
  }

  /** These rules, then {@code rule}. */
  public TagRules then(TagRule rule) {
    List<TagRule> more = new ArrayList<>(rules);
    more.add(rule);
    return new TagRules(more);
  }

  /** These rules, then {@code other}'s. */
  public TagRules and(TagRules other) {
    List<TagRule> more = new ArrayList<>(rules);
    more.addAll(other.rules);
    return new TagRules(more);
  }

  /** These rules, then removing {@code tags}. */
  public TagRules removing(List<String> tags) {
    return then(new RemoveTags(Set.copyOf(normalizeAll(tags))));
  }

  /** These rules, then replacing {@code tag} by {@code replacements} (none: drop it). */
  public TagRules replacing(String tag, List<String> replacements) {
    return then(new ReplaceTag(TagNames.normalize(tag), normalizeAll(replacements)));
  }

  /** These rules, then putting {@code tags} at the beginning of every caption, in this order. */
  public TagRules insertingFirst(List<String> tags) {
    return then(new InsertFirst(normalizeAll(tags)));
  }

  /** These rules, then putting {@code tags} at the end of every caption. */
  public TagRules insertingLast(List<String> tags) {
    return then(new InsertLast(normalizeAll(tags)));
  }

  /** These rules, then escaping parentheses as A1111 prompts need ({@code \(}). */
  public TagRules escapingParentheses() {
    return then(new EscapeParentheses());
  }

  /** The edited caption: each rule in turn. */
  @Override
  public List<String> apply(List<String> caption) {
    List<String> edited = caption;
    for (TagRule rule : rules) {
      edited = rule.apply(edited);
    }
    return edited;
  }

  /** The rules, in the order they apply. */
  public List<TagRule> rules() {
    return rules;
  }

  private static List<String> normalizeAll(List<String> tags) {
    return NONE.apply(tags);
  }

  @Override
  public String toString() {
    return rules.stream().map(Object::toString).collect(Collectors.joining(", ", "TagRules[", "]"));
  }
}
