package dev.loraflow.trainer.io;

import java.io.IOException;

/**
 * A pickle asked for something a plain state dict never needs (a global such as {@code os.system}).
 * Nothing from the file was run; the message names what was refused.
 */
public class UnsafePickleException extends IOException {

  public UnsafePickleException(String message) {
    super(message);
  }
}
