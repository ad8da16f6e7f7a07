package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedModelTest {

  private static final InferenceSettings SETTINGS =
      InferenceSettings.of(2, 1, 1, ExecutionProvider.CPU);

  private static final int BLUE_BACKGROUND = 10;

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
  void instancesRunTheSharedSession_atTheSameTime_eachWithItsOwnInput() throws Exception {
    SharedModel shared = SharedModel.acquire(source(TinyWd14.write(dir.resolve("a"))), SETTINGS);
    ByteImage blue = colour(255, 0, 0); // BGR
    ByteImage white = colour(255, 255, 255);
    float expectedBlue = shared.model().run(List.of(blue, blue))[1][BLUE_BACKGROUND];
    float expectedWhite = shared.model().run(List.of(white, white))[1][BLUE_BACKGROUND];
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ByteImage input = i % 2 == 0 ? blue : white;
        float expected = i % 2 == 0 ? expectedBlue : expectedWhite;
        runs.add(
            threads.submit(
                () -> shared.model().run(List.of(input, input))[1][BLUE_BACKGROUND] == expected));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      threads.shutdown();
      shared.release();
    }
    assertThat(expectedBlue).isGreaterThan(0.9f);
    assertThat(expectedWhite).isLessThan(0.1f);
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

  private static ByteImage colour(int b, int g, int r) {
    return TestImages.bgrSquare(TinyWd14.SIZE, b, g, r);
  }

  private static ByteImage blackImage() {
    return colour(0, 0, 0);
  }
}
