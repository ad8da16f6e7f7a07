package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.tagging.onnx.InferenceSettings;

/**
 * How many threads a worker starts to decode and resize images for the model, unless told: one per
 * core the model leaves free, at least one; every core where the model runs on the GPU, since a GPU
 * tags an image in a few milliseconds and one decoding thread (about 20 ms an image) would keep it
 * waiting.
 */
final class PreprocessThreads {

  private PreprocessThreads() {}

  /**
   * The threads for {@code settings} on a machine of {@code cores}, the model on the GPU or not.
   */
  static int forMachine(InferenceSettings settings, boolean onGpu, int cores) {
    if (settings.preprocessThreads() > 0) {
      return settings.preprocessThreads();
    }
    if (onGpu) {
      return cores;
    }
    int modelThreads = settings.intraOpThreads() == 0 ? cores : settings.intraOpThreads();
    return Math.max(1, cores - modelThreads);
  }
}
