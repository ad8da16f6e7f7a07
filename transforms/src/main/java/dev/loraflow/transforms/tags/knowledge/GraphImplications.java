package dev.loraflow.transforms.tags.knowledge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Implications from a list of direct ones (Danbooru's {@code very_long_hair -> long_hair}),
 * followed transitively: {@code absurdly long hair} implies {@code very long hair} and so {@code
 * long hair}. A cycle (Danbooru refuses them, a hand-made list may not) ends where it comes back.
 */
final class GraphImplications implements Implications {
  private static final long serialVersionUID = 1L;

  private final Map<String, List<String>> direct;
  private final String source;
  private transient volatile Map<String, Set<String>> closures;

  GraphImplications(Map<String, List<String>> direct, String source) {
    this.direct = direct;
    this.source = source;
  }

  @Override
  public Set<String> of(String tag) {
    if (!direct.containsKey(tag)) {
      return Set.of();
    }
    if (closures == null) {
      closures = new ConcurrentHashMap<>();
    }
    return closures.computeIfAbsent(tag, this::closure);
  }

  private Set<String> closure(String tag) {
    Set<String> implied = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(direct.get(tag));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (!next.equals(tag) && implied.add(next)) {
        todo.addAll(direct.getOrDefault(next, List.of()));
      }
    }
    return Set.copyOf(implied);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GraphImplications that
        && source.equals(that.source)
        && direct.equals(that.direct);
  }

  @Override
  public int hashCode() {
    return Objects.hash(direct, source);
  }

  /** The JVM's one copy of these implications, however many DoFns were deserialized with them. */
  private Object readResolve() {
    return Canonical.of(this);
  }
}
