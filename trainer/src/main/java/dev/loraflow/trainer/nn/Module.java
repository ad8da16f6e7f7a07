package dev.loraflow.trainer.nn;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node of a model tree whose child and weight names are the checkpoint's key segments, so {@code
 * input_blocks.1.1.proj_in.weight} is the path of a weight and LoRA names follow from paths. (DJL's
 * own {@code addChildBlock} prefixes names with a counter, which would break that.)
 */
public abstract class Module {

  private final Map<String, Module> children = new LinkedHashMap<>();
  private final Map<String, Weight> weights = new LinkedHashMap<>();

  protected final <M extends Module> M child(String name, M module) {
    if (children.putIfAbsent(name, module) != null || weights.containsKey(name)) {
      throw new IllegalArgumentException("duplicate child name '" + name + "'");
    }
    return module;
  }

  protected final Weight weight(String name, long... shape) {
    Weight weight = new Weight(new Shape(shape));
    if (weights.putIfAbsent(name, weight) != null || children.containsKey(name)) {
      throw new IllegalArgumentException("duplicate weight name '" + name + "'");
    }
    return weight;
  }

  /**
   * Casts every loaded weight to {@code type}: FLOAT16 halves the memory of frozen weights on a GPU
   * (on CPU it is slower than float32). Model entry points cast their inputs to match.
   */
  public final void castWeights(DataType type) {
    for (Weight weight : weightsByPath().values()) {
      if (weight.isLoaded() && weight.array().getDataType() != type) {
        weight.set(weight.array().toType(type, false));
      }
    }
  }

  /** The type the weights are held in (FLOAT32 unless {@link #castWeights} changed it). */
  public final DataType weightType() {
    return weightsByPath().values().stream()
        .filter(Weight::isLoaded)
        .findFirst()
        .map(w -> w.array().getDataType())
        .orElse(DataType.FLOAT32);
  }

  /** Every weight below this module, by dotted path, in declaration order. */
  public final Map<String, Weight> weightsByPath() {
    Map<String, Weight> all = new LinkedHashMap<>();
    collectWeights("", all);
    return Collections.unmodifiableMap(all);
  }

  /** The trainable weights below this module, by dotted path, in declaration order. */
  public final Map<String, Weight> trainableWeights() {
    Map<String, Weight> trainable = new LinkedHashMap<>();
    weightsByPath()
        .forEach(
            (path, w) -> {
              if (w.isTrainable()) {
                trainable.put(path, w);
              }
            });
    return Collections.unmodifiableMap(trainable);
  }

  /** Every module below this one (itself included as ""), by dotted path. */
  public final Map<String, Module> modulesByPath() {
    Map<String, Module> all = new LinkedHashMap<>();
    collectModules("", all);
    return Collections.unmodifiableMap(all);
  }

  private void collectWeights(String prefix, Map<String, Weight> into) {
    weights.forEach((name, w) -> into.put(prefix + name, w));
    children.forEach((name, c) -> c.collectWeights(prefix + name + ".", into));
  }

  private void collectModules(String path, Map<String, Module> into) {
    into.put(path, this);
    children.forEach(
        (name, c) -> c.collectModules(path.isEmpty() ? name : path + "." + name, into));
  }
}
