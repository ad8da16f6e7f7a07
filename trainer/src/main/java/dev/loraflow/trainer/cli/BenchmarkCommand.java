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
import dev.loraflow.trainer.lora.LoraConfig;
import dev.loraflow.trainer.lora.LoraModule;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.train.AdamW;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
            + " the given latent size (batch 1) and VAE encoding; with --train, training steps"
            + " (forward, MSE loss, backward into rank-r LoRAs, AdamW) instead. Prints peak"
            + " resident memory.")
public final class BenchmarkCommand implements Callable<Integer> {

  /** Which layers get a LoRA in training mode. */
  enum Targets {
    /**
     * to_q, to_k, to_v and to_out.0 of attn1 and attn2: 128 UNet modules, to compare like for like
     * with a PyTorch run that adapts those.
     */
    ATTENTION,
    /** kohya's UNet targets (network_train_unet_only): 192 modules, the text encoder frozen. */
    UNET,
    /** kohya's default network: 192 UNet and 72 text-encoder modules, both trained every step. */
    KOHYA
  }

  private static final Pattern ATTENTION_PROJECTION =
      Pattern.compile("lora_unet_.*_attn[12]_(to_q|to_k|to_v|to_out_0)");

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
      description = "Time training steps (forward, loss, backward, AdamW) instead.")
  boolean train;

  @Option(
      names = "--targets",
      defaultValue = "KOHYA",
      description =
          "LoRA targets with --train: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Targets targets;

  @Option(
      names = "--rank",
      defaultValue = "8",
      description = "LoRA rank with --train (default: ${DEFAULT-VALUE}).")
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
          trainingSteps(sd, tokens, context, batch, out);
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
   * kohya's step at a fixed timestep: (text encoding, when it is trained,) noise prediction, MSE
   * against the noise, backward into the LoRAs, an AdamW update.
   */
  private void trainingSteps(
      StableDiffusion sd, NDArray tokens, NDArray frozenContext, NDManager batch, PrintWriter out) {
    LoraNetwork network = network(sd.unet(), sd.textEncoder(), targets, rank, batch);
    AdamW optimizer = new AdamW(batch);
    optimizer.addGroup("unet", network.unetWeights());
    optimizer.setLearningRate("unet", 1e-4);
    if (!network.textEncoderWeights().isEmpty()) {
      optimizer.addGroup("text_encoder", network.textEncoderWeights());
      optimizer.setLearningRate("text_encoder", 5e-5);
    }
    NDArray latents = batch.randomNormal(new Shape(1, 4, latent, latent));
    NDArray noise = batch.randomNormal(new Shape(1, 4, latent, latent));
    NDArray t = batch.create(new long[] {500});
    for (int run = 0; run <= runs; run++) {
      long start = System.nanoTime();
      try (NDScope step = new NDScope();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        step.suppressNotUsedWarning();
        NDArray context =
            targets == Targets.KOHYA ? sd.textEncoder().forward(tokens, 1) : frozenContext;
        collector.backward(sd.unet().forward(latents, t, context).sub(noise).square().mean());
      }
      optimizer.step();
      optimizer.zeroGradients();
      out.printf(
          "train step %dx%d latent, %d LoRA modules rank %d%s: %.2f s%n",
          latent,
          latent,
          network.modules().size(),
          rank,
          run == 0 ? " (warm-up)" : "",
          seconds(start));
    }
    out.printf("LoRA weights moved by: L2 %.3e%n", distanceFromInitial(network));
  }

  /** Fresh LoRAs (alpha 1) of {@code rank} on the layers {@code targets} names. */
  static LoraNetwork network(
      UNetModel unet, ClipTextModel textEncoder, Targets targets, int rank, NDManager manager) {
    LoraConfig config =
        LoraConfig.defaults().withRank(rank, 1f).withTrainTextEncoder(targets == Targets.KOHYA);
    LoraNetwork network = LoraNetwork.create(unet, textEncoder, config, manager, 0);
    return targets == Targets.ATTENTION
        ? network.only(name -> ATTENTION_PROJECTION.matcher(name).matches())
        : network;
  }

  /** The up weights start at zero, so their norm is how far the steps moved the network. */
  private static double distanceFromInitial(LoraNetwork network) {
    double squares = 0;
    for (LoraModule lora : network.modules().values()) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        squares += lora.weightsByPath().get("lora_up.weight").array().square().sum().getFloat();
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
