package dev.loraflow.transforms.tags.knowledge;

import java.util.Set;

/** {@code <colour> <item>} implies {@code <item>}: {@link Implications#colourItems}. */
final class ColourItemImplications implements Implications {
  private static final long serialVersionUID = 1L;
  static final ColourItemImplications INSTANCE = new ColourItemImplications();

  private ColourItemImplications() {}

  @Override
  public Set<String> of(String tag) {
    return ColourItem.of(tag).map(pair -> Set.of(pair.item())).orElse(Set.of());
  }

  @Override
  public String source() {
    return "colour rule";
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
