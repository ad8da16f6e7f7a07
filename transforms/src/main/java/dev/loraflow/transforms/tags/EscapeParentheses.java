package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import java.util.List;

/**
 * Writes parentheses as A1111 prompts need them, {@code saber \(fate\)}; a tag already escaped is
 * not escaped twice. It escapes the tags as they are where it stands, so it belongs last.
 */
public record EscapeParentheses() implements TagRule {
  private static final long serialVersionUID = 1L;

  @Override
  public List<String> apply(List<String> caption) {
    return caption.stream()
        .map(tag -> TagNames.escapeParentheses(tag.replace("\\(", "(").replace("\\)", ")")))
        .distinct()
        .toList();
  }
}
