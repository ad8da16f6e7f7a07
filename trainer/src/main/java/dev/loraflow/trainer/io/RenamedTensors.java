package dev.loraflow.trainer.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A view of a store under other names (to even out key-layout variants between tools). */
public final class RenamedTensors implements TensorStore {

  private final TensorStore source;
  private final Map<String, String> sourceNames = new HashMap<>();
  private final List<TensorInfo> tensors;

  public RenamedTensors(TensorStore source, UnaryOperator<String> rename) {
    this.source = source;
    this.tensors =
        source.tensors().stream()
            .map(
                info -> {
                  String name = rename.apply(info.name());
                  if (sourceNames.putIfAbsent(name, info.name()) != null) {
                    throw new IllegalArgumentException(
                        "two tensors are both renamed to '" + name + "'");
                  }
                  return new TensorInfo(name, info.dtype(), info.shape());
                })
            .toList();
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public TensorData read(String name) throws IOException {
    String sourceName = sourceNames.get(name);
    if (sourceName == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    TensorData data = source.read(sourceName);
    return new TensorData(
        new TensorInfo(name, data.info().dtype(), data.info().shape()), data.bytes());
  }

  /** The source's own way of reading into an array (a safetensors file's pread). */
  @Override
  public NDArray readArray(String name, NDManager manager) throws IOException {
    String sourceName = sourceNames.get(name);
    if (sourceName == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return source.readArray(sourceName, manager);
  }

  @Override
  public Map<String, String> metadata() {
    return source.metadata();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
