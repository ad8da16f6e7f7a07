package dev.loraflow.transforms.tags.knowledge;

import java.util.Optional;
import java.util.Set;

/**
 * A tag that is a colour and an item, as Danbooru and the WD14 tagger spell them: {@code red bow},
 * {@code light blue hair}, {@code black thighhighs}. The colours are Danbooru's colour words (its
 * "Colors" tag group), alone or after {@code light} or {@code dark}.
 *
 * @param colour {@code red}, {@code light blue}
 * @param item what is that colour: {@code bow}, {@code hair}
 */
public record ColourItem(String colour, String item) {

  private static final Set<String> COLOURS =
      Set.of(
          "aqua", "beige", "black", "blonde", "blue", "brown", "gold", "green", "grey", "orange",
          "pink", "purple", "red", "silver", "white", "yellow");
  private static final Set<String> SHADES = Set.of("light", "dark");

  /** The colour and item of a normalized tag ({@code red bow}), if it starts with a colour. */
  public static Optional<ColourItem> of(String tag) {
    String[] words = tag.split(" ", 3);
    if (words.length >= 3 && SHADES.contains(words[0]) && COLOURS.contains(words[1])) {
      return Optional.of(new ColourItem(words[0] + " " + words[1], words[2]));
    }
    if (words.length >= 2 && COLOURS.contains(words[0])) {
      return Optional.of(new ColourItem(words[0], tag.substring(words[0].length() + 1)));
    }
    return Optional.empty();
  }

  /** {@code <colour> <noun>}: the tag of this colour for another noun ({@code red footwear}). */
  public String withItem(String noun) {
    return colour + " " + noun;
  }
}
