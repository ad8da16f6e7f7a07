package dev.loraflow.transforms.image;

import java.util.concurrent.Semaphore;

/**
 * The pixels that decodes may hold at once in this JVM. Each image under the pixel limit is legal,
 * but a handful of 9400² images decoded on every core at once need gigabytes; so a decode first
 * takes its pixel count from a shared budget and waits while others hold it. An image larger than
 * the whole budget takes all of it and runs alone.
 */
final class PixelBudget {

  /** Peak bytes a decoded pixel costs: 16-bit RGBA read (8), the flattened copy (4), its PNG. */
  private static final long BYTES_PER_PIXEL = 16;

  // Permits count blocks of pixels, so that a large heap's budget still fits an int.
  private static final int PIXELS_PER_PERMIT = 1024;

  /** Half the heap, shared by every DecodeImages in the JVM. */
  static final PixelBudget SHARED =
      new PixelBudget(Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_PIXEL);

  private final Semaphore permits;
  private final int total;

  PixelBudget(long pixels) {
    this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, pixels / PIXELS_PER_PERMIT));
    // Fair, so that a large image waiting for the whole budget is not overtaken forever.
    this.permits = new Semaphore(total, true);
  }

  /** An empty hold on this budget: {@link Lease#take} fills it, close gives it back. */
  Lease lease() {
    return new Lease();
  }

  /** The pixels one decode holds. */
  final class Lease implements AutoCloseable {
    private int held;

    /** Takes {@code pixels} of the budget (all of it, at most), waiting until they are free. */
    void take(long pixels) {
      int wanted =
          (int) Math.min(total, Math.max(1, (pixels + PIXELS_PER_PERMIT - 1) / PIXELS_PER_PERMIT));
      permits.acquireUninterruptibly(wanted);
      held += wanted;
    }

    @Override
    public void close() {
      permits.release(held);
      held = 0;
    }
  }
}
