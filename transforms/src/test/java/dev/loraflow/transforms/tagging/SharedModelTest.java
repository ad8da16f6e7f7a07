package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.TinyWd14;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedModelTest {

  private static final InferenceSettings SETTINGS =
      InferenceSettings.of(2, 1, 1, ExecutionProvider.CPU);

  @TempDir Path dir;

  @Test
  void instancesOfOneModel_shareItsSessionAndPool_untilTheLastLetsGo() throws Exception {
    ModelSource source = source(TinyWd14.write(dir.resolve("a")));

    SharedModel first = SharedModel.acquire(source, SETTINGS);
    SharedModel second = SharedModel.acquire(source, SETTINGS);
    first.release();
    float[][] scores = second.model().run(List.of(blackImage()));
    second.release();

    assertThat(second).isSameAs(first);
    assertThat(scores).hasDimensions(1, 13);
    assertThat(second.preprocessing().isShutdown()).isTrue();
    assertThatThrownBy(() -> second.model().run(List.of(blackImage())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void otherModelsOrSettings_getTheirOwn() throws Exception {
    ModelSource a = source(TinyWd14.write(dir.resolve("a")));
    ModelSource b = source(TinyWd14.write(dir.resolve("b")));
    InferenceSettings twoThreads = InferenceSettings.of(2, 2, 1, ExecutionProvider.CPU);

    SharedModel first = SharedModel.acquire(a, SETTINGS);
    SharedModel other = SharedModel.acquire(b, SETTINGS);
    SharedModel otherSettings = SharedModel.acquire(a, twoThreads);
    try {
      assertThat(other).isNotSameAs(first);
      assertThat(otherSettings).isNotSameAs(first);
    } finally {
      first.release();
      other.release();
      otherSettings.release();
    }
  }

  private static ModelSource source(Path folder) {
    return ModelSource.of(folder.toString(), "main", "unused", "http://localhost/", null);
  }

  private static float[] blackImage() {
    return new float[TinyWd14.SIZE * TinyWd14.SIZE * 3];
  }
}
