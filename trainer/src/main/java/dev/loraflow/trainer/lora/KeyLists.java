package dev.loraflow.trainer.lora;

import java.util.Collection;
import java.util.stream.Collectors;

/** Error messages name a few offending keys, not thousands. */
final class KeyLists {

  private static final int SHOWN = 5;

  private KeyLists() {}

  /** {@code [a, b, c, ...]}, at most five keys. */
  static String some(Collection<String> keys) {
    String shown = keys.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return "[" + shown + (keys.size() > SHOWN ? ", ..." : "") + "]";
  }
}
