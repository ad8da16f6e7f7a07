package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a block's forward in its own {@link NDScope}: every intermediate it creates is closed when
 * it returns, and only the result survives, handed to the enclosing scope. Without this a whole
 * UNet pass would hold every activation until its end (16 GB at 512 px instead of a few).
 */
public final class Scopes {

  private Scopes() {}

  public static NDArray keepResult(Supplier<NDArray> body) {
    NDArray result;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      result = body.get();
      NDScope.unregister(result);
    }
    NDScope.register(result);
    return result;
  }
}
