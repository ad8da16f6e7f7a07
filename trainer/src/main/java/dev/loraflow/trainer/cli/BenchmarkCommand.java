package dev.loraflow.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scalars;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import dev.loraflow.trainer.sd.unet.SpatialTransformer;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Times checkpoint loading and UNet passes on this machine, forward only or as training steps into
 * LoRA-shaped adapters, and reports peak memory.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Loads an SD 1.x checkpoint, then times text encoding, UNet forward passes at"
            + " the given latent size (batch 1) and VAE encoding; with --train, UNet training"
            + " steps (forward, MSE loss, backward into rank-r adapters) instead. Prints peak"
            + " resident memory.")
public final class BenchmarkCommand implements Callable<Integer> {

  /** Which UNet layers get an adapter in training mode. */
  enum Targets {
    /** to_q, to_k, to_v and to_out.0 of attn1 and attn2: 128 modules in SD 1.x. */
    ATTENTION,
    /**
     * kohya's UNet targets: every Linear and 1x1 conv inside a SpatialTransformer, 192 in SD 1.x.
     */
    TRANSFORMER
  }

  private static final Pattern ATTENTION_PROJECTION =
      Pattern.compile(".*\\.attn[12]\\.(to_q|to_k|to_v|to_out\\.0)");

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
      description = "Timed UNet passes or steps after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--attention",
      description = "Attention implementation: ${COMPLETION-CANDIDATES} (default: the process's).")
  Attention.Implementation attention;

  @Option(
      names = "--threads",
      description = "Intra-op threads of libtorch (default: its own choice, one per core).")
  Integer threads;

  @Option(
      names = "--train",
      description = "Time training steps (forward, loss, backward into adapters) instead.")
  boolean train;

  @Option(
      names = "--targets",
      defaultValue = "TRANSFORMER",
      description =
          "Adapted layers with --train: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Targets targets;

  @Option(
      names = "--rank",
      defaultValue = "8",
      description = "Adapter rank with --train (default: ${DEFAULT-VALUE}).")
  int rank;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Engine.getEngine("PyTorch"); // loads the natives JniUtils calls into
    if (attention != null) {
      Attention.setImplementation(attention);
    }
    if (threads != null) {
      // at::set_num_threads acts on the calling thread's pool, so it is set here, where every
      // pass of this command runs
      JniUtils.setNumThreads(threads);
    }
    out.printf(
        "attention %s, %d intra-op threads%n",
        Attention.implementation(), JniUtils.getNumThreads());
    try (TensorStore store = Checkpoints.open(checkpoint);
        NDManager manager = NDManager.newBaseManager()) {
      long start = System.nanoTime();
      StableDiffusion sd = StableDiffusion.load(store, manager);
      out.printf(
          "load: %.1f s (%s), RSS %d MB, peak RSS so far %d MB%n",
          seconds(start), sd.report().summary(), residentMb("VmRSS:"), residentMb("VmHWM:"));

      try (NDManager batch = manager.newSubManager()) {
        NDArray tokens =
            batch.create(ClipTokenizer.sd15().encodeForSd("a photo of a cat"), new Shape(1, 77));
        start = System.nanoTime();
        NDArray context = sd.textEncoder().forward(tokens, 1);
        out.printf("text encoder (77 tokens): %.2f s%n", seconds(start));
        if (train) {
          trainingSteps(sd.unet(), context, batch, out);
        } else {
          forwardPasses(sd, context, batch, out);
        }
      }
      out.printf("peak RSS: %d MB%n", residentMb("VmHWM:"));
    }
    return 0;
  }

  private void forwardPasses(
      StableDiffusion sd, NDArray context, NDManager batch, PrintWriter out) {
    NDArray latents = batch.randomNormal(new Shape(1, 4, latent, latent));
    NDArray t = batch.create(new long[] {500});
    for (int run = 0; run <= runs; run++) {
      long start = System.nanoTime();
      sd.unet().forward(latents, t, context).close();
      out.printf(
          "unet %dx%d latent%s: %.2f s%n",
          latent, latent, run == 0 ? " (warm-up)" : "", seconds(start));
    }
    NDArray image = batch.randomUniform(-1, 1, new Shape(1, 3, latent * 8L, latent * 8L));
    long start = System.nanoTime();
    sd.vae().encodeLatents(image).close();
    out.printf("vae encode %dx%d: %.2f s%n", latent * 8, latent * 8, seconds(start));
  }

  /**
   * kohya's step with the text encoder frozen: noise prediction at a fixed timestep, MSE against
   * the noise, backward. Gradients accumulate across steps, which costs the same as zeroing them.
   */
  private void trainingSteps(UNetModel unet, NDArray context, NDManager batch, PrintWriter out) {
    List<NDArray> ups = attachAdapters(adapterTargets(unet, targets), rank, batch);
    NDArray latents = batch.randomNormal(new Shape(1, 4, latent, latent));
    NDArray noise = batch.randomNormal(new Shape(1, 4, latent, latent));
    NDArray t = batch.create(new long[] {500});
    for (int run = 0; run <= runs; run++) {
      long start = System.nanoTime();
      try (NDScope step = new NDScope();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        step.suppressNotUsedWarning();
        collector.backward(unet.forward(latents, t, context).sub(noise).square().mean());
      }
      out.printf(
          "train step %dx%d latent, %d adapters rank %d%s: %.2f s%n",
          latent, latent, ups.size(), rank, run == 0 ? " (warm-up)" : "", seconds(start));
    }
    out.printf("adapter gradient L2 norm: %.3e%n", gradientNorm(ups));
  }

  /** The layers of {@code targets}, by path; each is a {@link Linear} or a 1x1 {@link Conv2d}. */
  static Map<String, Module> adapterTargets(UNetModel unet, Targets targets) {
    Map<String, Module> modules = unet.modulesByPath();
    List<String> transformers = new ArrayList<>();
    modules.forEach(
        (path, module) -> {
          if (module instanceof SpatialTransformer) {
            transformers.add(path + ".");
          }
        });
    Map<String, Module> chosen = new LinkedHashMap<>();
    modules.forEach(
        (path, module) -> {
          boolean adaptable =
              module instanceof Linear || (module instanceof Conv2d c && c.kernelSize() == 1);
          boolean wanted =
              targets == Targets.ATTENTION
                  ? ATTENTION_PROJECTION.matcher(path).matches()
                  : transformers.stream().anyMatch(path::startsWith);
          if (adaptable && wanted) {
            chosen.put(path, module);
          }
        });
    return chosen;
  }

  /**
   * A LoRA's shape without the lora package: up(down(x)) / rank (alpha 1), down random and up zero
   * as kohya initializes them; returns the up arrays, whose gradients are nonzero from step one.
   */
  private static List<NDArray> attachAdapters(
      Map<String, Module> layers, int rank, NDManager manager) {
    List<NDArray> ups = new ArrayList<>();
    for (Module layer : layers.values()) {
      boolean conv = layer instanceof Conv2d;
      long in = conv ? ((Conv2d) layer).inChannels() : ((Linear) layer).inFeatures();
      long out = conv ? ((Conv2d) layer).outChannels() : ((Linear) layer).outFeatures();
      Shape downShape = conv ? new Shape(rank, in, 1, 1) : new Shape(rank, in);
      Shape upShape = conv ? new Shape(out, rank, 1, 1) : new Shape(out, rank);
      NDArray down = manager.randomUniform(-1, 1, downShape).div(Math.sqrt(in));
      NDArray up = manager.zeros(upShape);
      down.setRequiresGradient(true);
      up.setRequiresGradient(true);
      ups.add(up);
      NDArray scale = Scalars.like(up, 1.0 / rank);
      if (conv) {
        ((Conv2d) layer)
            .setAdapter(
                x ->
                    ai.djl.nn.convolutional.Conv2d.conv2d(
                            ai.djl.nn.convolutional.Conv2d.conv2d(x, down).singletonOrThrow(), up)
                        .singletonOrThrow()
                        .mul(scale));
      } else {
        ((Linear) layer)
            .setAdapter(
                x ->
                    ai.djl.nn.core.Linear.linear(
                            ai.djl.nn.core.Linear.linear(x, down).singletonOrThrow(), up)
                        .singletonOrThrow()
                        .mul(scale));
      }
    }
    return ups;
  }

  private static double gradientNorm(List<NDArray> arrays) {
    double squares = 0;
    for (NDArray array : arrays) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        squares += array.getGradient().square().sum().getFloat();
      }
    }
    return Math.sqrt(squares);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A /proc/self/status size: VmHWM is the peak resident set, VmRSS the current one. */
  private static long residentMb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
