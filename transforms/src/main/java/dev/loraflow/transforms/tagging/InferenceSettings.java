package dev.loraflow.transforms.tagging;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** How a worker runs the model: batch size, threads and execution provider. */
@AutoValue
abstract class InferenceSettings implements Serializable {

  /** Images per {@code session.run}; a model with a fixed batch dimension overrides it. */
  abstract int batchSize();

  /** ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose (all cores). */
  abstract int intraOpThreads();

  /**
   * Threads per JVM that decode and resize for the model; 0 chooses ({@link PreprocessThreads}).
   */
  abstract int preprocessThreads();

  abstract ExecutionProvider provider();

  static InferenceSettings of(
      int batchSize, int intraOpThreads, int preprocessThreads, ExecutionProvider provider) {
    return new AutoValue_InferenceSettings(batchSize, intraOpThreads, preprocessThreads, provider);
  }
}
