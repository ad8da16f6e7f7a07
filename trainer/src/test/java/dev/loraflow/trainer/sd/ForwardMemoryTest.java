package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.testing.TinySd;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Repeated forward passes free their intermediates: nothing accumulates, natively or in managers.
 */
class ForwardMemoryTest {

  @Test
  void fiftyForwardPasses_leaveManagersAndResidentMemoryFlat() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      StableDiffusion sd = StableDiffusion.load(TinySd.checkpoint(), manager);
      long[] tokens = ClipTokenizer.sd15().encodeForSd("a photo of a cat");
      for (int i = 0; i < 5; i++) { // warm-up: allocator pools and caches settle
        forward(sd, manager, tokens);
      }
      int arraysBefore = manager.getManagedArrays().size();
      long nativeBefore = nativeKilobytes();
      for (int i = 0; i < 50; i++) {
        forward(sd, manager, tokens);
      }
      long growth = nativeKilobytes() - nativeBefore;

      assertThat(manager.getManagedArrays()).hasSize(arraysBefore);
      // one leaked pass would hold 1-2 MB of activations (over a thousand arrays), 50 passes 50-100
      // MB
      assertThat(growth).as("native memory growth in kB over 50 passes").isLessThan(16 * 1024);
    }
  }

  /**
   * Text encoder, UNet at an 8x8 latent and VAE encoder; inputs and outputs close with the batch.
   */
  private static void forward(StableDiffusion sd, NDManager parent, long[] tokens) {
    try (NDManager batch = parent.newSubManager()) {
      NDArray context = sd.textEncoder().forward(batch.create(tokens, new Shape(1, 77)), 2);
      NDArray latents = batch.randomNormal(new Shape(1, 4, 8, 8));
      sd.unet().forward(latents, batch.create(new long[] {999}), context);
      sd.vae().encodeLatents(batch.randomUniform(-1, 1, new Shape(1, 3, 16, 16)));
    }
  }

  /**
   * Resident memory less the committed Java heap (surefire pre-touches the heap, so committed heap
   * pages are resident and Java garbage does not show up here).
   */
  private static long nativeKilobytes() throws IOException {
    return residentKilobytes()
        - (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 10);
  }

  private static long residentKilobytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
