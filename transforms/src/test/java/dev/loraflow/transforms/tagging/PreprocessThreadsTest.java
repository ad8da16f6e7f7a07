package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import org.junit.jupiter.api.Test;

class PreprocessThreadsTest {

  @Test
  void aCpuModelOnEveryCore_leavesOneThreadToDecode() {
    assertThat(PreprocessThreads.forMachine(settings(0, 0, ExecutionProvider.CPU), false, 8))
        .isEqualTo(1);
    assertThat(PreprocessThreads.forMachine(settings(2, 0, ExecutionProvider.CPU), false, 2))
        .isEqualTo(1);
  }

  @Test
  void aCpuModelLeavingCoresFree_decodesOnThem() {
    assertThat(PreprocessThreads.forMachine(settings(6, 0, ExecutionProvider.CPU), false, 8))
        .isEqualTo(2);
  }

  @Test
  void aGpuModel_decodesOnEveryCore() {
    assertThat(PreprocessThreads.forMachine(settings(0, 0, ExecutionProvider.CUDA), true, 8))
        .isEqualTo(8);
  }

  @Test
  void cudaThatFellBackToTheCpu_countsAsACpuModel() {
    assertThat(PreprocessThreads.forMachine(settings(0, 0, ExecutionProvider.CUDA), false, 4))
        .isEqualTo(1);
  }

  @Test
  void threadsGiven_areKept() {
    assertThat(PreprocessThreads.forMachine(settings(0, 3, ExecutionProvider.CPU), false, 8))
        .isEqualTo(3);
  }

  private static InferenceSettings settings(int intraOp, int preprocess, ExecutionProvider where) {
    return InferenceSettings.of(4, intraOp, preprocess, where);
  }
}
