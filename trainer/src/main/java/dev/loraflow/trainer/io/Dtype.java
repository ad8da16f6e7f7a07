package dev.loraflow.trainer.io;

import java.util.Locale;

/** Element types a tensor file can hold, with the names safetensors uses and their byte sizes. */
public enum Dtype {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  private final int byteSize;
  private final boolean floating;

  Dtype(int byteSize, boolean floating) {
    this.byteSize = byteSize;
    this.floating = floating;
  }

  public int byteSize() {
    return byteSize;
  }

  public boolean isFloating() {
    return floating;
  }

  /** Parses a safetensors dtype name such as {@code "F32"}; the message lists what is accepted. */
  public static Dtype fromName(String name) {
    for (Dtype dtype : values()) {
      if (dtype.name().equals(name.toUpperCase(Locale.ROOT))) {
        return dtype;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '" + name + "' (known: " + java.util.Arrays.toString(values()) + ")");
  }
}
