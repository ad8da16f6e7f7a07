package dev.loraflow.transforms.tags.knowledge;

import java.io.Serializable;
import java.util.Set;

/** Which tags a tag implies: a caption with the tag needs none of them. */
public interface Implications extends Serializable {

  /** Every tag {@code tag} implies, directly or through others; normalized names. */
  Set<String> of(String tag);

  /** Where the implications come from, for the report ({@code danbooru}, {@code colour rule}). */
  String source();

  /**
   * The tagger's pattern when no implication list is at hand: {@code <colour> <item>} implies
   * {@code <item>} ({@code red bow} ⇒ {@code bow}, {@code light blue hair} ⇒ {@code hair}).
   */
  static Implications colourItems() {
    return ColourItemImplications.INSTANCE;
  }
}
