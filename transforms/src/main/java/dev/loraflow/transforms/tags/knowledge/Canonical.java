package dev.loraflow.transforms.tags.knowledge;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One instance per JVM of each immutable value that arrives by deserialization. A runner
 * deserializes a DoFn, and the tag lists it holds, once for each of its instances (a Flink task
 * manager once per slot and stage); their {@code readResolve} hands each copy in here and keeps the
 * first equal one, so the copies are garbage and one list is held. Entries go when no DoFn holds
 * the value any more.
 */
final class Canonical {
  private static final Map<Object, WeakReference<Object>> VALUES = new WeakHashMap<>();

  private Canonical() {}

  /** The instance equal to {@code value} that this JVM already holds, else {@code value}. */
  @SuppressWarnings("unchecked") // an entry's value is its own key
  static synchronized <T> T of(T value) {
    WeakReference<Object> held = VALUES.get(value);
    Object existing = held == null ? null : held.get();
    if (existing != null) {
      return (T) existing;
    }
    VALUES.put(value, new WeakReference<>(value));
    return value;
  }
}
