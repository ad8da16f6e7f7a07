package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable set of caption edits, the batch text replacer of the guide as data: remove tags,
 * replace one tag by others, insert tags at the beginning (the guide's {@code {}b}, e.g. the
 * trigger) or at the end, and optionally escape parentheses for A1111.
 *
 * <p>Every tag is normalized first ({@link TagNames#normalize}), so {@code red_hair} and {@code Red
 * Hair} name the same tag in rules and captions. Order of application: normalize, replace, remove,
 * insert first/last, drop duplicates (first seen wins), escape.
 */
public final class TagRules implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final TagRules NONE =
      new TagRules(Set.of(), Map.of(), List.of(), List.of(), false);

  private final Set<String> remove;
  private final Map<String, List<String>> replace;
  private final List<String> first;
  private final List<String> last;
  private final boolean escapeParentheses;

  private TagRules(
      Set<String> remove,
      Map<String, List<String>> replace,
      List<String> first,
      List<String> last,
      boolean escapeParentheses) {
    this.remove = remove;
    this.replace = replace;
    this.first = first;
    this.last = last;
    this.escapeParentheses = escapeParentheses;
  }

  /** Rules that only normalize. */
  public static TagRules none() {
    return NONE;
  }

  /** These rules, also removing {@code tags}. */
  public TagRules removing(List<String> tags) {
    Set<String> merged = new LinkedHashSet<>(remove);
    merged.addAll(normalizeAll(tags));
    return new TagRules(Set.copyOf(merged), replace, first, last, escapeParentheses);
  }

  /** These rules, also replacing {@code tag} by {@code replacements} (none: drop it). */
  public TagRules replacing(String tag, List<String> replacements) {
    String key = TagNames.normalize(tag);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("replace rule has an empty tag to replace");
    }
    Map<String, List<String>> merged = new LinkedHashMap<>(replace);
    merged.put(key, normalizeAll(replacements));
    return new TagRules(remove, Map.copyOf(merged), first, last, escapeParentheses);
  }

  /** These rules, also putting {@code tags} at the beginning of every caption, in this order. */
  public TagRules insertingFirst(List<String> tags) {
    List<String> merged = new ArrayList<>(first);
    merged.addAll(normalizeAll(tags));
    return new TagRules(remove, replace, List.copyOf(merged), last, escapeParentheses);
  }

  /** These rules, also putting {@code tags} at the end of every caption. */
  public TagRules insertingLast(List<String> tags) {
    List<String> merged = new ArrayList<>(last);
    merged.addAll(normalizeAll(tags));
    return new TagRules(remove, replace, first, List.copyOf(merged), escapeParentheses);
  }

  /** These rules, escaping parentheses as A1111 prompts need ({@code \(}). */
  public TagRules escapingParentheses(boolean escape) {
    return new TagRules(remove, replace, first, last, escape);
  }

  /**
   * These rules followed by {@code other}'s: removals and replacements merge, insertions append.
   */
  public TagRules and(TagRules other) {
    Set<String> removes = new LinkedHashSet<>(remove);
    removes.addAll(other.remove);
    Map<String, List<String>> replaces = new LinkedHashMap<>(replace);
    replaces.putAll(other.replace);
    List<String> firsts = new ArrayList<>(first);
    firsts.addAll(other.first);
    List<String> lasts = new ArrayList<>(last);
    lasts.addAll(other.last);
    return new TagRules(
        Set.copyOf(removes),
        Map.copyOf(replaces),
        List.copyOf(firsts),
        List.copyOf(lasts),
        escapeParentheses || other.escapeParentheses);
  }

  /** The edited caption. */
  public List<String> apply(List<String> caption) {
    List<String> body = new ArrayList<>();
    for (String raw : caption) {
      String tag = TagNames.normalize(raw);
      for (String edited : replace.getOrDefault(tag, List.of(tag))) {
        if (!edited.isEmpty() && !remove.contains(edited)) {
          body.add(edited);
        }
      }
    }
    Set<String> result = new LinkedHashSet<>(first);
    result.addAll(body);
    result.addAll(last);
    List<String> out = new ArrayList<>(result.size());
    for (String tag : result) {
      out.add(escapeParentheses ? TagNames.escapeParentheses(tag) : tag);
    }
    return out;
  }

  public Set<String> removed() {
    return remove;
  }

  public Map<String, List<String>> replacements() {
    return replace;
  }

  public List<String> insertedFirst() {
    return first;
  }

  public List<String> insertedLast() {
    return last;
  }

  public boolean escapesParentheses() {
    return escapeParentheses;
  }

  private static List<String> normalizeAll(List<String> tags) {
    List<String> result = new ArrayList<>();
    for (String tag : tags) {
      String normalized = TagNames.normalize(tag);
      if (!normalized.isEmpty()) {
        result.add(normalized);
      }
    }
    return List.copyOf(result);
  }

  @Override
  public String toString() {
    return "TagRules{remove="
        + remove
        + ", replace="
        + replace
        + ", first="
        + first
        + ", last="
        + last
        + ", escapeParentheses="
        + escapeParentheses
        + "}";
  }
}
