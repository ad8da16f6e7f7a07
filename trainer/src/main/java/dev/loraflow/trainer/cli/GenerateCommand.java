package dev.loraflow.trainer.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.lora.LoraStack;
import dev.loraflow.trainer.sample.CheckpointComparison;
import dev.loraflow.trainer.sample.ImageSampler;
import dev.loraflow.trainer.sample.ModelHash;
import dev.loraflow.trainer.sample.PromptEncoder;
import dev.loraflow.trainer.sample.PromptFile;
import dev.loraflow.trainer.sample.SampleRequest;
import dev.loraflow.trainer.sample.SampleWriter;
import dev.loraflow.trainer.sample.SamplerKind;
import dev.loraflow.trainer.sd.BaseModelCheck;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: draws prompts with a base model and any LoRA files at their multipliers, or
 * compares the checkpoints of a run in one grid. Everything is checked (files, LoRA families,
 * sizes, prompt lengths) before the first UNet call.
 *
 * <pre>
 * generate --baseModel=sd15.safetensors --prompt="masterpiece, 1girl --n lowres --d 1 --s 20" \
 *     --lora=model/reimu.safetensors:0.8 --lora=style.safetensors:0.5
 * generate --baseModel=sd15.safetensors --prompts=prompts.txt --compare=model/
 * </pre>
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Draws images with an SD 1.x model and kohya LoRA files, as PNGs with A1111's parameters;"
          + " or, with --compare, one grid of every checkpoint of a run (rows) by prompt"
          + " (columns).",
      "Prompts take kohya's options: --n negative, --w/--h size, --d seed, --l CFG scale,"
          + " --s steps, --ss sampler."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--baseModel",
      required = true,
      paramLabel = "PATH",
      description = "The SD 1.x model (.safetensors or .ckpt).")
  Path baseModel;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "A prompt line (repeatable).")
  List<String> prompt = new ArrayList<>();

  @Option(
      names = "--prompts",
      paramLabel = "PATH",
      description = "A kohya prompt file (.txt or .json).")
  Path prompts;

  @Option(
      names = "--lora",
      paramLabel = "PATH[:X]",
      description = "A kohya LoRA file and its multiplier (default 1), repeatable.")
  List<String> loras = new ArrayList<>();

  @Option(
      names = "--compare",
      paramLabel = "PATH",
      description =
          "A run's checkpoint folder: draw the prompts with each {name}-step*.safetensors and the final one, into one grid.")
  Path compare;

  @Option(
      names = "--outputName",
      paramLabel = "NAME",
      description = "The run to compare when the folder holds several.")
  String outputName;

  @Option(
      names = "--outputDir",
      paramLabel = "PATH",
      defaultValue = "generated",
      description = "Where the images go (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(
      names = "--negativePrompt",
      paramLabel = "TEXT",
      defaultValue = "",
      description = "Negative prompt of prompts without --n.")
  String negativePrompt;

  @Option(
      names = "--width",
      paramLabel = "N",
      defaultValue = "512",
      description = "Width in pixels, a multiple of 8 (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      paramLabel = "N",
      defaultValue = "512",
      description = "Height in pixels, a multiple of 8 (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "20",
      description = "Sampling steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--cfgScale",
      paramLabel = "X",
      defaultValue = "7.5",
      description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}).")
  double cfgScale;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of prompts without --d (default: random, written in each PNG).")
  Long seed;

  @Option(
      names = "--sampler",
      paramLabel = "NAME",
      defaultValue = "euler_a",
      description =
          "ddim, euler, euler_a, euler_karras or euler_a_karras (default: ${DEFAULT-VALUE}).")
  String sampler;

  @Option(
      names = "--clipSkip",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Text-encoder layers skipped from the end: 2 for NovelAI-based models (default: ${DEFAULT-VALUE}).")
  int clipSkip;

  @Option(
      names = "--maxTokenLength",
      paramLabel = "N",
      defaultValue = "75",
      description = "Prompt length in tokens: 75, 150 or 225 (default: ${DEFAULT-VALUE}).")
  int maxTokenLength;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<SampleRequest> requests = requests();
    List<LoraStack.Entry> entries = loras.stream().map(LoraStack.Entry::parse).toList();
    if (compare != null && !entries.isEmpty()) {
      throw new IllegalArgumentException("--compare draws each checkpoint alone: leave out --lora");
    }
    if (!Files.isRegularFile(baseModel)) {
      throw new IOException("--baseModel " + baseModel + " is not a file");
    }
    for (LoraStack.Entry entry : entries) {
      if (!Files.isRegularFile(entry.file())) {
        throw new IOException("--lora " + entry.file() + " is not a file");
      }
    }
    List<Path> checkpoints =
        compare == null ? List.of() : CheckpointComparison.checkpoints(compare, outputName);
    Device device = Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      StableDiffusion sd;
      try (TensorStore store = Checkpoints.open(baseModel)) {
        BaseModelCheck.requireSd1(store, baseModel);
        sd = StableDiffusion.load(store, manager);
      }
      ImageSampler imageSampler =
          new ImageSampler(
              sd.unet(),
              sd.vae(),
              new PromptEncoder(sd.textEncoder(), ClipTokenizer.sd15(), clipSkip, maxTokenLength));
      requests.forEach(imageSampler::check);
      String modelName = baseModel.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      String modelHash = ModelHash.ofModel(baseModel);
      if (compare != null) {
        CheckpointComparison.Result result =
            CheckpointComparison.run(
                imageSampler, sd.unet(), sd.textEncoder(), checkpoints, requests, manager);
        String run = checkpoints.get(checkpoints.size() - 1).getFileName().toString();
        Path grid =
            outputDir.resolve(run.replaceFirst("(-step\\d+)?\\.safetensors$", "") + "-grid.png");
        SampleWriter writer = new SampleWriter(imageSampler, modelName, modelHash, Map.of());
        writer.write(new ImageSampler.Sample(result.requests().get(0), result.grid()), grid);
        out.printf("%d checkpoints x %d prompts: %s%n", checkpoints.size(), requests.size(), grid);
        return 0;
      }
      Map<String, String> hashes = new LinkedHashMap<>();
      for (LoraStack.Entry entry : entries) {
        hashes.put(
            entry.file().getFileName().toString().replaceFirst("\\.safetensors$", ""),
            ModelHash.ofLora(entry.file()));
      }
      LoraStack stack = LoraStack.apply(entries, sd.unet(), sd.textEncoder(), manager);
      try {
        SampleWriter writer = new SampleWriter(imageSampler, modelName, modelHash, hashes);
        for (int i = 0; i < requests.size(); i++) {
          ImageSampler.Sample sample = imageSampler.draw(requests.get(i), manager);
          Path file = outputDir.resolve(String.format("%05d-%d.png", i, sample.request().seed()));
          writer.write(sample, file);
          out.println(file);
        }
      } finally {
        stack.detach();
      }
    }
    return 0;
  }

  /** The prompts of --prompt and --prompts, with this command's settings as their defaults. */
  private List<SampleRequest> requests() throws IOException {
    SampleRequest defaults =
        new SampleRequest(
            "-", negativePrompt, width, height, seed, steps, cfgScale, SamplerKind.parse(sampler));
    List<SampleRequest> requests = new ArrayList<>();
    for (String line : prompt) {
      requests.addAll(PromptFile.parse(line, defaults, "--prompt"));
    }
    if (prompts != null) {
      requests.addAll(PromptFile.read(prompts, defaults));
    }
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("give a --prompt or a --prompts file");
    }
    return requests;
  }
}
