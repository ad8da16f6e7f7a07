package dev.loraflow.transforms.tagging.onnx;

/** Where ONNX Runtime runs the WD14 model. */
public enum ExecutionProvider {
  /** The default; always available. */
  CPU,
  /**
   * NVIDIA GPU through ONNX Runtime's CUDA provider. It needs the {@code onnxruntime_gpu} artifact
   * in place of {@code onnxruntime} and CUDA/cuDNN libraries on the machine; where it is missing,
   * the tagger logs a warning and runs on the CPU, as kohya's script does.
   */
  CUDA
}
