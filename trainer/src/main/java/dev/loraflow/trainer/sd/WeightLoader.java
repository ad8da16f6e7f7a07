package dev.loraflow.trainer.sd;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Weight;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a checkpoint's tensors under one key prefix into a module's weights, one tensor at a time
 * (widened to float32), and reports what matched.
 */
final class WeightLoader {

  private WeightLoader() {}

  /** Shapes of the tensors under {@code prefix}, keyed by the rest of the name. */
  static Map<String, long[]> shapesUnder(TensorStore store, String prefix) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (TensorInfo info : store.tensors()) {
      if (info.name().startsWith(prefix)) {
        shapes.put(info.name().substring(prefix.length()), info.shape());
      }
    }
    return shapes;
  }

  /**
   * Loads every tensor named {@code prefix + path} into the weight at {@code path}. Tensors under
   * the prefix that the module does not have are unexpected, except {@code position_ids} (absent,
   * int or float in real files; positions are computed), which are ignored.
   */
  static LoadReport load(Module module, String prefix, TensorStore store, NDManager manager)
      throws IOException {
    Map<String, Weight> weights = module.weightsByPath();
    Set<String> found = new HashSet<>();
    List<String> unexpected = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (TensorInfo info : store.tensors()) {
      if (!info.name().startsWith(prefix)) {
        continue;
      }
      String path = info.name().substring(prefix.length());
      Weight weight = weights.get(path);
      if (weight == null) {
        (path.endsWith("position_ids") ? ignored : unexpected).add(info.name());
        continue;
      }
      if (!new ai.djl.ndarray.types.Shape(info.shape()).equals(weight.shape())) {
        throw new IOException(info + " does not fit the model, which expects " + weight.shape());
      }
      weight.set(store.readArray(info.name(), manager));
      found.add(path);
    }
    List<String> missing =
        weights.keySet().stream().filter(p -> !found.contains(p)).map(p -> prefix + p).toList();
    return new LoadReport(found.size(), missing, unexpected, ignored);
  }
}
