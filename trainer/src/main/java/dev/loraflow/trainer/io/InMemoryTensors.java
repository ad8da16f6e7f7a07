package dev.loraflow.trainer.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tensors already in Java memory (a LoRA to save, test fixtures), in insertion order. */
public final class InMemoryTensors implements TensorStore {

  private final Map<String, TensorData> tensors = new LinkedHashMap<>();
  private final Map<String, String> metadata;

  public InMemoryTensors(Map<String, String> metadata) {
    this.metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public InMemoryTensors() {
    this(Map.of());
  }

  /** Adds a tensor; a second tensor with the same name is a mistake and is refused. */
  public InMemoryTensors put(TensorData data) {
    if (tensors.putIfAbsent(data.name(), data) != null) {
      throw new IllegalArgumentException("tensor '" + data.name() + "' added twice");
    }
    return this;
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors.values().stream().map(TensorData::info).toList();
  }

  @Override
  public TensorData read(String name) {
    TensorData data = tensors.get(name);
    if (data == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return data;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }
}
