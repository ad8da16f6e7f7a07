package dev.loraflow.trainer.nn;

import ai.djl.ndarray.NDArray;

/**
 * A trainable addition to a frozen layer's output, computed from the layer's input (a LoRA's {@code
 * up(down(x)) * scale}). Linear and 1x1/3x3 convolution layers accept one.
 */
@FunctionalInterface
public interface Adapter {
  NDArray delta(NDArray input);
}
