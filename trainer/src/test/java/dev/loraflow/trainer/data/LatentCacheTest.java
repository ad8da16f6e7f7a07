package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentCacheTest {

  @TempDir Path root;

  /** Stands in for the VAE: a few pixels and the size; counts its calls. */
  private static final class CountingEncoder implements LatentEncoder {
    int calls;

    @Override
    public float[] encode(float[] chw, int height, int width) {
      calls++;
      return new float[] {chw[0], chw[height * width], chw[width - 1], height, width};
    }
  }

  @Test
  void inMemoryEncodesEachImageBucketAndFlipOnce() throws IOException {
    BatchImage image =
        image(
            TestImages.write(
                root.resolve("a.png"),
                96,
                64,
                BufferedImage.TYPE_INT_RGB,
                (x, y) -> x < 48 ? 0x000000 : 0xffffff,
                "png"));
    CountingEncoder encoder = new CountingEncoder();
    LatentCache cache = LatentCache.inMemory(encoder, "vae-sha256");

    float[] first = cache.latents(image, false);
    float[] second = cache.latents(image, false);
    float[] flipped = cache.latents(image, true);
    cache.latents(image, true);

    assertThat(encoder.calls).isEqualTo(2);
    assertThat(second).containsExactly(first);
    // Unflipped, the top-left pixel is black; flipped, it is white.
    assertThat(first[0]).isEqualTo(-1f);
    assertThat(flipped[0]).isEqualTo(1f);
    assertThat(first).endsWith(64f, 64f);
  }

  @Test
  void onDiskLatentsAreReusedByANewCacheOnTheSameFolder() throws IOException {
    BatchImage image = image(TestImages.solid(root.resolve("img/a.png"), 80, 64, 0x336699, "png"));
    Path dir = root.resolve("cache");
    CountingEncoder encoder = new CountingEncoder();

    float[] written = LatentCache.onDisk(dir, encoder, "vae-1").latents(image, false);
    float[] reread = LatentCache.onDisk(dir, encoder, "vae-1").latents(image, false);

    assertThat(encoder.calls).isEqualTo(1);
    assertThat(reread).containsExactly(written);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .satisfies(name -> assertThat(name).endsWith(".npy"));
    }

    LatentCache.onDisk(dir, encoder, "vae-2").latents(image, false);
    assertThat(encoder.calls).as("another model fingerprint encodes again").isEqualTo(2);
  }

  @Test
  void theKeyIsTheImageContentNotItsPath() throws IOException {
    Path original = TestImages.solid(root.resolve("a.png"), 64, 64, 0x102030, "png");
    Path copy = Files.copy(original, root.resolve("copy-of-a.png"));
    CountingEncoder encoder = new CountingEncoder();
    LatentCache cache = LatentCache.onDisk(root.resolve("cache"), encoder, "vae");

    cache.latents(image(original), false);
    cache.latents(image(copy), false);

    assertThat(encoder.calls).isEqualTo(1);
  }

  @Test
  void aDamagedCacheFileIsAnErrorNamingIt() throws IOException {
    BatchImage image = image(TestImages.solid(root.resolve("a.png"), 64, 64, 0, "png"));
    Path dir = root.resolve("cache");
    LatentCache.onDisk(dir, new CountingEncoder(), "vae").latents(image, false);
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(
            () -> LatentCache.onDisk(dir, new CountingEncoder(), "vae").latents(image, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }

  private static BatchImage image(Path file) throws IOException {
    Size size = ImageFiles.size(file);
    DatasetImage image =
        new DatasetImage(file, "1_x", "x", size.width(), size.height(), 1, false, 1f);
    return new BatchImage(
        image, Buckets.aspectRatio(64, 64, 64, 128, 64).select(size.width(), size.height()));
  }
}
