package dev.loraflow.transforms.image;

import dev.loraflow.transforms.Drawings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: what near-duplicate removal costs. Hashing is timed per image on JPEG drawings of a
 * booru's usual size (decoding included, and alone), grouping on as many hashes as large datasets
 * hold, all distinct, so every image is compared with every group.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     dev.loraflow.transforms.image.NearDuplicatesBenchmark [images to hash] [dataset sizes...]
 * </pre>
 */
public final class NearDuplicatesBenchmark {

  private NearDuplicatesBenchmark() {}

  public static void main(String[] args) throws IOException {
    int hashed = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000, 5_000, 10_000);
    }
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < hashed; i++) {
      jpegs.add(Drawings.jpeg(Drawings.drawing(i, 1200, 1600), 0.9f));
    }
    long decodeNanos = 0;
    long hashNanos = 0;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      decodeNanos = 0;
      hashNanos = 0;
      for (byte[] jpeg : jpegs) {
        long start = System.nanoTime();
        ByteImage image = WhiteBackground.decodeBgr(jpeg);
        long decoded = System.nanoTime();
        PerceptualHash.of(image);
        decodeNanos += decoded - start;
        hashNanos += System.nanoTime() - decoded;
      }
    }
    System.out.printf(
        "hash 1200x1600 JPEG: %.1f ms decode + %.1f ms hash per image (%d images)%n",
        decodeNanos / 1e6 / hashed, hashNanos / 1e6 / hashed, hashed);
    Random random = new Random(1);
    for (int size : sizes) {
      List<LookAlike> images = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        long[] hash = new long[PerceptualHash.WINDOWS * PerceptualHash.PLANES];
        for (int w = 0; w < hash.length; w++) {
          hash[w] = random.nextLong() & ((1L << 63) - 1);
        }
        images.add(new LookAlike("id" + i, "image" + i, 1200 * 1600, false, true, 300_000, hash));
      }
      LookAlikes.within(NearDuplicates.DEFAULT_MAX_DISTANCE, images); // warm-up
      long start = System.nanoTime();
      int groups = LookAlikes.within(NearDuplicates.DEFAULT_MAX_DISTANCE, images).size();
      System.out.printf(
          "group %,d distinct images: %.2f s (%d groups of copies)%n",
          size, (System.nanoTime() - start) / 1e9, groups);
    }
  }
}
