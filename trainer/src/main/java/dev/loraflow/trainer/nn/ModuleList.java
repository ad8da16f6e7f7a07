package dev.loraflow.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/** Children named 0, 1, 2, ... like torch's ModuleList and Sequential. */
public final class ModuleList<M extends Module> extends Module {

  private final List<M> items = new ArrayList<>();

  public M add(M module) {
    items.add(child(String.valueOf(items.size()), module));
    return module;
  }

  public M get(int index) {
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  public List<M> items() {
    return List.copyOf(items);
  }
}
