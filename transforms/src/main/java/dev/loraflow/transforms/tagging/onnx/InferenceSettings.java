package dev.loraflow.transforms.tagging.onnx;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** How a worker runs the model: batch size, threads and execution provider. */
@AutoValue
public abstract class InferenceSettings implements Serializable {

  /** Images per {@code session.run}; a model with a fixed batch dimension overrides it. */
  public abstract int batchSize();

  /** ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose (all cores). */
  public abstract int intraOpThreads();

  /** Threads per JVM that decode and resize for the model; 0 lets the tagger choose. */
  public abstract int preprocessThreads();

  public abstract ExecutionProvider provider();

  public static InferenceSettings of(
      int batchSize, int intraOpThreads, int preprocessThreads, ExecutionProvider provider) {
    return new AutoValue_InferenceSettings(batchSize, intraOpThreads, preprocessThreads, provider);
  }
}
