package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import dev.loraflow.transforms.tags.knowledge.Suggestion;
import dev.loraflow.transforms.tags.knowledge.TagSuggestions;
import dev.loraflow.transforms.tags.knowledge.TagVocabulary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tags of a caption that a {@link TagVocabulary} does not know, and the caption with the clear
 * suggestions for them applied ({@link TagSuggestions}: an alias, a colour + item split, a single
 * nearest spelling) as a {@link TagRule}. Allowed tags (the trigger, which is meant to be new) are
 * never unknown.
 */
public final class UnknownTags implements TagRule {
  private static final long serialVersionUID = 1L;

  private final TagVocabulary vocabulary;
  private final Set<String> allowed;
  private transient Map<String, TagSuggestions.Result> memo;

  private UnknownTags(TagVocabulary vocabulary, Set<String> allowed) {
    this.vocabulary = vocabulary;
    this.allowed = allowed;
  }

  public static UnknownTags in(TagVocabulary vocabulary) {
    return new UnknownTags(vocabulary, Set.of());
  }

  /** These checks, taking {@code tags} (any spelling) as known. */
  public UnknownTags allowing(Collection<String> tags) {
    Set<String> merged = new LinkedHashSet<>(allowed);
    tags.stream().map(TagNames::normalize).filter(tag -> !tag.isEmpty()).forEach(merged::add);
    return new UnknownTags(vocabulary, Set.copyOf(merged));
  }

  public TagVocabulary vocabulary() {
    return vocabulary;
  }

  /** The unknown tags of {@code caption}, normalized, each once, in caption order. */
  public List<String> find(List<String> caption) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String raw : caption) {
      String tag = TagNames.normalize(raw);
      if (!tag.isEmpty() && !allowed.contains(tag) && !vocabulary.knows(tag)) {
        unknown.add(tag);
      }
    }
    return List.copyOf(unknown);
  }

  /** What to write instead of the unknown {@code tag} (normalized). */
  public TagSuggestions.Result suggest(String tag) {
    if (memo == null) {
      memo = new ConcurrentHashMap<>();
    }
    return memo.computeIfAbsent(tag, unknown -> TagSuggestions.of(unknown, vocabulary));
  }

  /**
   * The caption with every unknown tag that has a clear fix replaced by it, in place; a tag the
   * caption then holds twice is kept once, where it came first.
   */
  @Override
  public List<String> apply(List<String> caption) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : caption) {
      String tag = TagNames.normalize(raw);
      Optional<Suggestion> fix =
          tag.isEmpty() || allowed.contains(tag) || vocabulary.knows(tag)
              ? Optional.empty()
              : suggest(tag).fix();
      if (fix.isEmpty()) {
        out.add(raw);
        continue;
      }
      boolean escaped = raw.contains("\\(") || raw.contains("\\)");
      for (String replacement : fix.get().tags()) {
        out.add(escaped ? TagNames.escapeParentheses(replacement) : replacement);
      }
    }
    return new ArrayList<>(out);
  }
}
