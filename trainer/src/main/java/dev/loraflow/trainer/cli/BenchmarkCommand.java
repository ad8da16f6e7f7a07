package dev.loraflow.trainer.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Times checkpoint loading and one UNet forward pass on this machine, and reports peak memory. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Loads an SD 1.x checkpoint, then times text encoding, UNet forward passes at"
            + " the given latent size (batch 1) and VAE encoding; prints peak resident memory.")
public final class BenchmarkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The checkpoint (.safetensors or .ckpt).")
  Path checkpoint;

  @Option(
      names = "--latent",
      defaultValue = "64",
      description = "Latent side in pixels/8 (default: ${DEFAULT-VALUE}, i.e. 512 px).")
  int latent;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Timed UNet passes after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (TensorStore store = Checkpoints.open(checkpoint);
        NDManager manager = NDManager.newBaseManager()) {
      long start = System.nanoTime();
      StableDiffusion sd = StableDiffusion.load(store, manager);
      out.printf(
          "load: %.1f s (%s), peak RSS so far %d MB%n",
          seconds(start), sd.report().summary(), peakResidentMb());

      try (NDManager batch = manager.newSubManager()) {
        NDArray tokens =
            batch.create(ClipTokenizer.sd15().encodeForSd("a photo of a cat"), new Shape(1, 77));
        start = System.nanoTime();
        NDArray context = sd.textEncoder().forward(tokens, 1);
        out.printf("text encoder (77 tokens): %.2f s%n", seconds(start));

        NDArray latents = batch.randomNormal(new Shape(1, 4, latent, latent));
        NDArray t = batch.create(new long[] {500});
        for (int run = 0; run <= runs; run++) {
          start = System.nanoTime();
          sd.unet().forward(latents, t, context).close();
          out.printf(
              "unet %dx%d latent%s: %.2f s%n",
              latent, latent, run == 0 ? " (warm-up)" : "", seconds(start));
        }
        NDArray image = batch.randomUniform(-1, 1, new Shape(1, 3, latent * 8L, latent * 8L));
        start = System.nanoTime();
        sd.vae().encodeLatents(image).close();
        out.printf("vae encode %dx%d: %.2f s%n", latent * 8, latent * 8, seconds(start));
      }
      out.printf("peak RSS: %d MB%n", peakResidentMb());
    }
    return 0;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** VmHWM: the process's peak resident set, native memory and Java heap together. */
  private static long peakResidentMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
