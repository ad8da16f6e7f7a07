package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.ImageFormat;
import java.awt.Color;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PixelBudgetTest {

  private static final int SIDE = 64;

  private final ImageDecoder decoder = new ImageDecoder(1, DecodeImages.DEFAULT_MAX_PIXELS);
  private final ExecutorService decodes = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    decodes.shutdownNow();
  }

  @Test
  void givenTheBudgetHeldByAnotherDecode_waitsUntilItIsGivenBack() throws Exception {
    PixelBudget budget = new PixelBudget(SIDE * SIDE);
    PixelBudget.Lease other = budget.lease();
    other.take(SIDE * SIDE);

    Future<DecodedImage> waiting = decodes.submit(() -> decode(budget));

    assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    other.close();
    assertThat(waiting.get(10, TimeUnit.SECONDS).width()).isEqualTo(SIDE);
  }

  @Test
  void givenAnImageLargerThanTheWholeBudget_decodesItAloneAndGivesEverythingBack()
      throws Exception {
    PixelBudget budget = new PixelBudget(1024);

    assertThat(decode(budget).height()).isEqualTo(SIDE);
    assertBudgetWhole(budget, 1024);
  }

  @Test
  void givenACorruptImage_givesBackWhatItTook() {
    PixelBudget budget = new PixelBudget(200 * 200);
    byte[] truncated = TestImages.truncatedJpeg(200, 200, 0.5);

    assertThatThrownBy(() -> decoder.decode(truncated, Optional.of(ImageFormat.JPEG), budget))
        .isInstanceOf(InvalidImageException.class);
    assertBudgetWhole(budget, 200 * 200);
  }

  private DecodedImage decode(PixelBudget budget) throws InvalidImageException {
    return decoder.decode(
        TestImages.solid("png", SIDE, SIDE, Color.BLUE), Optional.of(ImageFormat.PNG), budget);
  }

  private static void assertBudgetWhole(PixelBudget budget, long pixels) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          try (PixelBudget.Lease all = budget.lease()) {
            all.take(pixels);
          }
        });
  }
}
