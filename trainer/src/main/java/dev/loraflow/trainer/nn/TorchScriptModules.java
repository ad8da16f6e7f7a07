package dev.loraflow.trainer.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Torch ops that DJL's JNI does not bind (or binds without autograd), as parameterless TorchScript
 * modules written by {@link TorchScriptArchive} and loaded once per process.
 */
final class TorchScriptModules {

  private static final PtNDManager MANAGER =
      (PtNDManager) Engine.getEngine("PyTorch").newBaseManager(Device.cpu());

  private TorchScriptModules() {}

  /** Parameterless, so one module loaded on the CPU serves inputs on any device. */
  static PtSymbolBlock load(String className, String methods) {
    try {
      Path dir = Files.createTempDirectory("loraflow-torchscript");
      Path file = dir.resolve(className + ".pt");
      try {
        TorchScriptArchive.write(file, className, methods);
        return JniUtils.loadModule(MANAGER, file, true, new String[0], new String[0], true);
      } finally {
        Files.deleteIfExists(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the TorchScript module " + className + " to a temp dir", e);
    }
  }

  /**
   * Runs {@code module} under the caller's grad mode: isTrain = true, since false would force
   * inference mode, whose tensors autograd refuses. The result is attached to the first input's
   * manager.
   */
  static NDArray run(PtSymbolBlock module, NDArray... inputs) {
    return IValueUtils.forward(module, new NDList(inputs), true).singletonOrThrow();
  }
}
