package dev.loraflow.pipelines;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.testing.HeapWatch;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Not a test: the peak heap of the character recipe on the DirectRunner as a local folder grows.
 * The DirectRunner finishes a stage's whole input before the next stage runs, and the layout waits
 * for the image count, so every sample of the dataset is in memory at once: this shows whether that
 * costs the images' bytes or only their metadata. Images are 768x768 noise JPEGs (about 0.4 MB
 * each, which JPEG cannot shrink), with a three-tag caption each.
 *
 * <pre>
 * mvn -q -pl pipelines -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp pipelines/target/test-classes:pipelines/target/classes:transforms/target/classes:\
 *     test-fixtures/target/classes:$(cat pipelines/target/cp.txt) \
 *     dev.loraflow.pipelines.RecipeMemoryBenchmark [images...]
 * </pre>
 */
public final class RecipeMemoryBenchmark {

  private static final int SIDE = 768;
  private static final HeapWatch HEAP = HeapWatch.start();

  private RecipeMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        args.length == 0
            ? List.of(250, 500, 1000, 2000)
            : List.of(args).stream().map(Integer::valueOf).toList();
    Path root = Files.createTempDirectory("recipe-memory");
    run(root, 50, false); // warm-up: class loading and JIT, not reported
    System.out.println("images  input_MB  seconds  peak_heap_MB  peak_live_MB");
    for (int images : sizes) {
      run(root, images, true);
    }
  }

  private static void run(Path root, int images, boolean report) throws Exception {
    Path input = Files.createDirectories(root.resolve("in-" + images));
    long inputBytes = writeImages(input, images);
    Path output = root.resolve("out-" + images);
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            DemoDataset::characterDefaults,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    CharacterOptions options =
        runner.parse(
            new String[] {
              "--input=" + input, "--output=" + output, "--name=bench", "--trigger=bench chan"
            });
    HEAP.reset();
    long start = System.nanoTime();
    int exit = runner.run(options);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("the recipe exited with " + exit);
    }
    if (report) {
      System.out.printf(
          "%6d  %8.0f  %7.1f  %12.0f  %12.0f%n",
          images, inputBytes / 1e6, seconds, HEAP.peakUsedMb(), HEAP.peakLiveMb());
    }
  }

  private static long writeImages(Path folder, int count) throws Exception {
    Random random = new Random(count);
    BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      Path file = folder.resolve(String.format("image_%05d.jpg", i));
      ImageIO.write(image, "jpg", file.toFile());
      Files.writeString(
          file.resolveSibling(String.format("image_%05d.txt", i)), "1girl, solo, smile");
      bytes += Files.size(file);
    }
    return bytes;
  }
}
