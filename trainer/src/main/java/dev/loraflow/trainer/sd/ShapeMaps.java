package dev.loraflow.trainer.sd;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small queries over a checkpoint's {@code name → shape} map, for inferring model sizes. */
final class ShapeMaps {

  private ShapeMaps() {}

  static long dim(Map<String, long[]> shapes, String key, int axis) {
    long[] shape = shapes.get(key);
    if (shape == null) {
      throw new IllegalArgumentException(
          "checkpoint has no '" + key + "', needed to infer the model size");
    }
    return shape[axis];
  }

  /** 1 + the largest N among keys {@code prefix + N + "."...}; 0 if there are none. */
  static int countIndexed(Map<String, long[]> shapes, String prefix) {
    Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.");
    int count = 0;
    for (String key : shapes.keySet()) {
      Matcher m = pattern.matcher(key);
      if (m.lookingAt()) {
        count = Math.max(count, Integer.parseInt(m.group(1)) + 1);
      }
    }
    return count;
  }
}
