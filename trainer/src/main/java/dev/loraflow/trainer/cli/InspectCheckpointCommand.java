package dev.loraflow.trainer.cli;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.sd.LoadReport;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Loads an SD 1.x checkpoint and reports what it holds and how it maps onto the models. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Loads an SD 1.x .safetensors or .ckpt and reports its tensors, the model sizes"
            + " inferred from them, and missing, unexpected or ignored keys.")
public final class InspectCheckpointCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The checkpoint to inspect.")
  Path checkpoint;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    try (TensorStore store = Checkpoints.open(checkpoint);
        NDManager manager = NDManager.newBaseManager()) {
      out.printf(
          "%s: %d tensors %s, %d metadata entries%n",
          checkpoint,
          store.tensors().size(),
          dtypeCounts(store.tensors()),
          store.metadata().size());
      StableDiffusion sd = StableDiffusion.load(store, manager);
      out.printf("loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
      out.println("unet:         " + sd.unet().config());
      out.println("text encoder: " + sd.textEncoder().config());
      out.println("vae:          " + sd.vae().config());
      LoadReport report = sd.report();
      out.println("weights:      " + report.summary());
      printNames(out, "unexpected", report.unexpected());
      printNames(out, "ignored", report.ignored());
    }
    return 0;
  }

  private static Map<Dtype, Integer> dtypeCounts(List<TensorInfo> tensors) {
    Map<Dtype, Integer> counts = new EnumMap<>(Dtype.class);
    tensors.forEach(t -> counts.merge(t.dtype(), 1, Integer::sum));
    return counts;
  }

  private static void printNames(PrintWriter out, String kind, List<String> names) {
    names.stream().limit(20).forEach(name -> out.println("  " + kind + ": " + name));
    if (names.size() > 20) {
      out.println("  ... and " + (names.size() - 20) + " more " + kind);
    }
  }
}
