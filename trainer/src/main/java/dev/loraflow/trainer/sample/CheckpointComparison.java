package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.lora.LoraStack;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same prompts and seeds through each checkpoint of a run ({@code {name}-step*.safetensors},
 * then {@code {name}.safetensors}), one row per checkpoint at multiplier 1, one column per prompt.
 */
public final class CheckpointComparison {

  private static final Pattern STEP = Pattern.compile("(.+)-step(\\d+)\\.safetensors");

  /** The grid, its cells' requests (seeds filled in) and the files of its rows. */
  public record Result(BufferedImage grid, List<SampleRequest> requests, List<Path> checkpoints) {}

  private CheckpointComparison() {}

  /**
   * The step checkpoints of run {@code name} in {@code folder}, by step, then its final one; with a
   * null name, the only run there (more than one is an error naming them).
   */
  public static List<Path> checkpoints(Path folder, String nameOrNull) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("checkpoint folder " + folder + " does not exist");
    }
    TreeMap<String, TreeMap<Long, Path>> runs = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*-step*.safetensors")) {
      for (Path file : files) {
        Matcher m = STEP.matcher(file.getFileName().toString());
        if (m.matches()) {
          runs.computeIfAbsent(m.group(1), n -> new TreeMap<>())
              .put(Long.parseLong(m.group(2)), file);
        }
      }
    }
    String name = nameOrNull;
    if (name == null) {
      if (runs.size() != 1) {
        throw new IOException(
            folder
                + (runs.isEmpty()
                    ? " holds no {name}-step*.safetensors checkpoints"
                    : " holds the checkpoints of several runs " + runs.keySet() + ": name one"));
      }
      name = runs.firstKey();
    }
    List<Path> checkpoints = new ArrayList<>(runs.getOrDefault(name, new TreeMap<>()).values());
    Path last = folder.resolve(name + ".safetensors");
    if (Files.isRegularFile(last)) {
      checkpoints.add(last);
    }
    if (checkpoints.isEmpty()) {
      throw new IOException(folder + " holds no checkpoints of a run named '" + name + "'");
    }
    return checkpoints;
  }

  /** Draws {@code requests} through each of {@code checkpoints} and assembles the grid. */
  public static Result run(
      ImageSampler sampler,
      UNetModel unet,
      ClipTextModel textEncoder,
      List<Path> checkpoints,
      List<SampleRequest> requests,
      NDManager manager)
      throws IOException {
    SplittableRandom random = new SplittableRandom();
    List<SampleRequest> seeded = new ArrayList<>();
    for (SampleRequest request : requests) {
      sampler.check(request);
      seeded.add(
          request.seed() != null ? request : request.withSeed(random.nextLong() & 0xFFFFFFFFL));
    }
    BufferedImage[][] cells = new BufferedImage[checkpoints.size()][seeded.size()];
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < checkpoints.size(); r++) {
      Path checkpoint = checkpoints.get(r);
      rows.add(checkpoint.getFileName().toString().replace(".safetensors", ""));
      try (NDManager scope = manager.newSubManager()) {
        LoraStack lora =
            LoraStack.apply(List.of(new LoraStack.Entry(checkpoint, 1f)), unet, textEncoder, scope);
        try {
          for (int c = 0; c < seeded.size(); c++) {
            cells[r][c] = sampler.draw(seeded.get(c), scope).image();
          }
        } finally {
          lora.detach();
        }
      }
    }
    List<String> columns = seeded.stream().map(SampleRequest::prompt).toList();
    return new Result(ImageGrid.assemble(rows, columns, cells), seeded, checkpoints);
  }
}
