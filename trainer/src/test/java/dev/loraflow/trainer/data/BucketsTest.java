package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketsTest {

  @Test
  void resolution512GivesKohyasSeventeenBuckets() {
    int[][] sizes = {
      {256, 832}, {256, 896}, {256, 960}, {256, 1024}, {320, 704}, {320, 768}, {384, 640},
      {448, 576}, {512, 512}, {576, 448}, {640, 384}, {704, 320}, {768, 320}, {832, 256},
      {896, 256}, {960, 256}, {1024, 256}
    };
    List<Size> expected = new ArrayList<>();
    for (int[] size : sizes) {
      expected.add(new Size(size[0], size[1]));
    }

    assertThat(Buckets.aspectRatio(512).predefined()).containsExactlyElementsOf(expected);
  }

  @Test
  void anImageGoesToTheNearestAspectRatioAndIsScaledToCoverIt() {
    Buckets buckets = Buckets.aspectRatio(512);

    // 1000x1500 (0.667): 384x640 (0.6) is nearest; the height matches, width 1000*640/1500 = 426.7.
    assertThat(buckets.select(1000, 1500)).isEqualTo(fit(384, 640, 427, 640));
    assertThat(buckets.select(1920, 1080)).isEqualTo(fit(640, 384, 683, 384));
    assertThat(buckets.select(800, 600)).isEqualTo(fit(576, 448, 597, 448));
    // Small images are enlarged to cover their bucket.
    assertThat(buckets.select(300, 300)).isEqualTo(fit(512, 512, 512, 512));
    // An image already of a bucket's size stays as it is.
    assertThat(buckets.select(448, 576)).isEqualTo(fit(448, 576, 448, 576));
  }

  @Test
  void minAndMaxAreSnappedToTheStep() {
    Buckets buckets = Buckets.aspectRatio(512, 512, 200, 1000, 64);

    // min 200 -> 192, max 1000 -> 1024: 192 wide gets min(1024, 262144 / 192 / 64 * 64) = 1024.
    assertThat(buckets.predefined()).contains(new Size(192, 1024), new Size(1024, 192));
    assertThat(buckets.predefined())
        .allSatisfy(s -> assertThat(Math.max(s.width(), s.height())).isLessThanOrEqualTo(1024));
    assertThatThrownBy(() -> Buckets.aspectRatio(512, 512, 576, 1024, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSize");
  }

  @Test
  void noUpscaleShrinksLargeImagesToTheAreaAndCropsSidesToTheStep() {
    Buckets buckets = Buckets.noUpscale(512, 512, 64);

    // 1000x1500 shrinks to 418x627; 384x576 keeps the aspect ratio best.
    assertThat(buckets.select(1000, 1500)).isEqualTo(fit(384, 576, 384, 576));
    assertThat(buckets.select(1920, 1080)).isEqualTo(fit(640, 384, 683, 384));
    assertThat(buckets.select(500, 700)).isEqualTo(fit(384, 512, 384, 538));
    // Never enlarged: a small image keeps its size and is cropped to multiples of 64.
    assertThat(buckets.select(300, 200)).isEqualTo(fit(256, 192, 300, 200));
    assertThat(buckets.predefined()).isEmpty();
    assertThatThrownBy(() -> buckets.select(50, 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50x300");
  }

  @Test
  void withoutBucketingEveryImageCoversTheResolution() {
    Buckets buckets = Buckets.fixed(512, 512);

    assertThat(buckets.select(1000, 1500)).isEqualTo(fit(512, 512, 512, 768));
    assertThat(buckets.select(300, 200)).isEqualTo(fit(512, 512, 768, 512));
  }

  private static BucketFit fit(int w, int h, int resizedW, int resizedH) {
    return new BucketFit(new Size(w, h), new Size(resizedW, resizedH));
  }
}
