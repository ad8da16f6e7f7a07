package dev.loraflow.transforms.tagging.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.image.ByteImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Wd14ModelTest {

  private static final InferenceSettings BATCH_4 =
      InferenceSettings.of(4, 1, 1, ExecutionProvider.CPU);

  @TempDir Path dir;

  @Test
  void readsInputSizeAndLabels_andScoresAColour() throws Exception {
    try (Wd14Model model = Wd14Model.load(ModelFiles.in(TinyWd14.write(dir)), BATCH_4)) {
      assertThat(model.inputSize()).isEqualTo(TinyWd14.SIZE);
      assertThat(model.batchSize()).isEqualTo(4);
      assertThat(model.labels()).hasSize(13);

      float[][] scores = model.run(List.of(colour(0, 0, 255), colour(255, 255, 255)));

      int red = 5;
      int white = 6;
      assertThat(scores).hasDimensions(2, 13);
      assertThat(scores[0][red]).isGreaterThan(0.9f);
      assertThat(scores[0][white]).isLessThan(0.1f);
      assertThat(scores[1][white]).isGreaterThan(0.7f);
    }
  }

  @Test
  void fixedBatchOfOne_overridesTheRequestedBatch() throws Exception {
    try (Wd14Model model = Wd14Model.load(ModelFiles.in(TinyWd14.write(dir, 1)), BATCH_4)) {
      assertThat(model.batchSize()).isEqualTo(1);
      assertThat(model.run(List.of(colour(0, 0, 255)))).hasDimensions(1, 13);
    }
  }

  @Test
  void fixedBatchOfTwo_padsAShortBatch() throws Exception {
    try (Wd14Model model = Wd14Model.load(ModelFiles.in(TinyWd14.write(dir, 2)), BATCH_4)) {
      assertThat(model.run(List.of(colour(0, 0, 255)))).hasDimensions(1, 13);
    }
  }

  @Test
  void cudaAskedForWhereUnavailable_runsOnTheCpu() throws Exception {
    InferenceSettings cuda = InferenceSettings.of(4, 1, 1, ExecutionProvider.CUDA);

    try (Wd14Model model = Wd14Model.load(ModelFiles.in(TinyWd14.write(dir)), cuda)) {
      assertThat(model.run(List.of(colour(0, 0, 255)))[0][5]).isGreaterThan(0.9f);
    }
  }

  @Test
  void missingModel_saysWhichFile() throws IOException {
    TinyWd14.write(dir);
    Files.delete(dir.resolve(ModelFiles.ONNX));

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(dir), BATCH_4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(ModelFiles.ONNX);
  }

  @Test
  void corruptModel_isReportedAsSuch() throws IOException {
    TinyWd14.write(dir);
    Files.write(dir.resolve(ModelFiles.ONNX), new byte[] {8, 1, 0x7f, 0x7f, 0x7f});

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(dir), BATCH_4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt or not ONNX");
  }

  @Test
  void csvWithTheWrongRowCount_isRejected() throws IOException {
    TinyWd14.write(dir);
    TinyWd14.writeCsv(dir.resolve(ModelFiles.LABELS), 12);

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(dir), BATCH_4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has 12 labels")
        .hasMessageContaining("[-1, 13]");
  }

  @Test
  void csvWithoutTheWd14Header_isRejected() throws IOException {
    TinyWd14.write(dir);
    Files.writeString(dir.resolve(ModelFiles.LABELS), "id,tag\n0,general\n");

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(dir), BATCH_4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tag_id,name,category");
  }

  @Test
  void channelsFirstInput_isAnUnexpectedShape() throws IOException {
    TinyWd14.writeChannelsFirst(dir);

    assertThatThrownBy(() -> Wd14Model.load(ModelFiles.in(dir), BATCH_4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected NHWC [batch, size, size, 3]");
  }

  /** A model input of one colour: the bytes b, g, r at every pixel. */
  private static ByteImage colour(int b, int g, int r) {
    byte[] samples = new byte[TinyWd14.SIZE * TinyWd14.SIZE * 3];
    for (int i = 0; i < samples.length; i += 3) {
      samples[i] = (byte) b;
      samples[i + 1] = (byte) g;
      samples[i + 2] = (byte) r;
    }
    return new ByteImage(TinyWd14.SIZE, TinyWd14.SIZE, samples);
  }
}
