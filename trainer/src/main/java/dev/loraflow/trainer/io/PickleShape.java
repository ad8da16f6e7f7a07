package dev.loraflow.trainer.io;

import dev.loraflow.trainer.io.RestrictedUnpickler.Tuple;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bounds the shape of an unpickled value before anything walks it. A pickle can nest a million
 * tuples in a megabyte, make a list that holds itself (memo + append), or share one value so often
 * (memo again) that printing it would unfold billions of nodes; Java's recursive {@code hashCode},
 * {@code equals} and {@code toString} then end in a StackOverflowError or never end. A state dict
 * is a few dicts deep, so this refuses what no state dict holds, walking with its own stack.
 */
final class PickleShape {

  /** Python itself stops at about 1000 frames; optimizer states and metadata nest under 10. */
  static final int MAX_DEPTH = 100;

  /** Nodes the value would have written out as a tree, shared parts counted each time. */
  static final long MAX_UNFOLDED = 1L << 22;

  private PickleShape() {}

  /**
   * Refuses a cycle, nesting deeper than {@link #MAX_DEPTH}, or a tree past {@link #MAX_UNFOLDED}.
   */
  static void check(Object root) throws UnsafePickleException {
    Map<Object, Long> unfoldedSize = new IdentityHashMap<>();
    Map<Object, Boolean> onPath = new IdentityHashMap<>();
    Deque<Frame> path = new ArrayDeque<>();
    if (isContainer(root)) {
      path.push(new Frame(root));
      onPath.put(root, true);
    }
    while (!path.isEmpty()) {
      Frame frame = path.peek();
      if (!frame.children.hasNext()) {
        path.pop();
        onPath.remove(frame.node);
        unfoldedSize.put(frame.node, frame.size);
        if (!path.isEmpty()) {
          path.peek().add(frame.size);
        }
        continue;
      }
      Object child = frame.children.next();
      if (!isContainer(child)) {
        frame.add(1);
      } else if (unfoldedSize.containsKey(child)) {
        frame.add(unfoldedSize.get(child));
      } else if (onPath.containsKey(child)) {
        throw new UnsafePickleException(
            "pickle holds a " + kind(child) + " that contains itself; a state dict has no cycles");
      } else if (path.size() >= MAX_DEPTH) {
        throw new UnsafePickleException(
            "pickle nests deeper than " + MAX_DEPTH + " levels; a state dict never does");
      } else {
        path.push(new Frame(child));
        onPath.put(child, true);
      }
    }
  }

  /**
   * Refuses a dict key that Python could not hash, or that Java would hash by walking a structure:
   * state dicts key by strings and numbers, at most by a tuple of them.
   */
  static void requireKey(Object key) throws UnsafePickleException {
    if (key instanceof Tuple tuple) {
      for (Object item : tuple.items()) {
        if (isContainer(item)) {
          throw new UnsafePickleException(
              "pickle uses a tuple holding a " + kind(item) + " as a dict key; refused");
        }
      }
    } else if (isContainer(key)) {
      throw new UnsafePickleException(
          "pickle uses a " + kind(key) + " as a dict key, which Python cannot hash; refused");
    }
  }

  private static boolean isContainer(Object value) {
    return value instanceof Map || value instanceof List || value instanceof Tuple;
  }

  private static String kind(Object value) {
    return value instanceof Map ? "dict" : value instanceof List ? "list" : "tuple";
  }

  /** A container being walked: its children left to see, and the size of those seen. */
  private static final class Frame {
    final Object node;
    final Iterator<?> children;
    long size = 1;

    Frame(Object node) {
      this.node = node;
      this.children = childrenOf(node);
    }

    void add(long childSize) throws UnsafePickleException {
      size += childSize;
      if (size > MAX_UNFOLDED) {
        throw new UnsafePickleException(
            "pickle shares values so often that it unfolds past "
                + MAX_UNFOLDED
                + " nodes; a state dict never does");
      }
    }

    private static Iterator<?> childrenOf(Object node) {
      if (node instanceof Map<?, ?> map) {
        return Stream.concat(map.keySet().stream(), map.values().stream()).iterator();
      }
      return node instanceof Tuple tuple ? tuple.items().iterator() : ((List<?>) node).iterator();
    }
  }
}
