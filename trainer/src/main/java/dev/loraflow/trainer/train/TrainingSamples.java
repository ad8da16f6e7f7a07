package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.sample.ImageSampler;
import dev.loraflow.trainer.sample.ModelHash;
import dev.loraflow.trainer.sample.PromptEncoder;
import dev.loraflow.trainer.sample.PromptFile;
import dev.loraflow.trainer.sample.SampleRequest;
import dev.loraflow.trainer.sample.SampleWriter;
import dev.loraflow.trainer.sample.SamplerKind;
import dev.loraflow.trainer.sd.ClipTokenizer;
import dev.loraflow.trainer.sd.StableDiffusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A run's preview images, as kohya's {@code sample_images}: the prompt file's images, drawn with
 * the LoRA being trained at multiplier 1, every {@code sampleEveryNSteps}, at every checkpoint and
 * (with {@code sampleAtFirst}) before the first step, into {@link
 * TrainingConfig#effectiveSampleDir} as {@code
 * {name}_{step:06d}_{idx:02d}_{yyyyMMddHHmmss}_{seed}.png}. Drawing leaves training as it was: no
 * generator of the run is used (each image has its own seed), nothing is recorded for gradients
 * (DJL's grad mode is off outside the step's collector) and every array is freed.
 */
final class TrainingSamples {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final List<SampleRequest> prompts;
  private final TrainingConfig config;
  private final Path folder;
  private final String name;
  private SampleWriter writer;
  private long lastStep = -1;

  private TrainingSamples(List<SampleRequest> prompts, TrainingConfig config, String name) {
    this.prompts = prompts;
    this.config = config;
    this.folder = config.effectiveSampleDir();
    this.name = name;
  }

  /** The prompt file read (none without samplePrompts); bad lines fail here, before training. */
  static TrainingSamples read(TrainingConfig config, String name) throws IOException {
    if (config.samplePrompts() == null) {
      return new TrainingSamples(List.of(), config, name);
    }
    SampleRequest defaults = SampleRequest.of("-", SamplerKind.parse(config.sampleSampler()));
    return new TrainingSamples(
        PromptFile.read(Path.of(config.samplePrompts()), defaults), config, name);
  }

  /** Checks every prompt against the loaded model (size, token limit) before any step. */
  void prepare(StableDiffusion sd, Path baseModel, PrintWriter out) throws IOException {
    if (prompts.isEmpty()) {
      return;
    }
    PromptEncoder encoder =
        new PromptEncoder(
            sd.textEncoder(), ClipTokenizer.sd15(), config.clipSkip(), config.maxTokenLength());
    ImageSampler sampler = new ImageSampler(sd.unet(), sd.vae(), encoder);
    for (int i = 0; i < prompts.size(); i++) {
      try {
        sampler.check(prompts.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "samplePrompts "
                + config.samplePrompts()
                + ", prompt "
                + (i + 1)
                + ": "
                + e.getMessage(),
            e);
      }
    }
    String modelName = baseModel.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    writer = new SampleWriter(sampler, modelName, ModelHash.ofModel(baseModel), Map.of());
    out.printf(
        "sample images: %d prompt%s at every checkpoint%s, into %s%n",
        prompts.size(),
        prompts.size() == 1 ? "" : "s",
        config.sampleEveryNSteps() > 0 ? " and every " + config.sampleEveryNSteps() + " steps" : "",
        folder);
  }

  /** Before the first step, with {@code sampleAtFirst}. */
  void atStart(long step, NDManager manager) throws IOException {
    if (config.sampleAtFirst()) {
      draw(step, manager);
    }
  }

  /** After step {@code step}: every sampleEveryNSteps. */
  void afterStep(long step, NDManager manager) throws IOException {
    if (config.sampleEveryNSteps() > 0 && step % config.sampleEveryNSteps() == 0) {
      draw(step, manager);
    }
  }

  /** After a checkpoint was written at {@code step}. */
  void atCheckpoint(long step, NDManager manager) throws IOException {
    draw(step, manager);
  }

  private void draw(long step, NDManager manager) throws IOException {
    if (writer == null || step == lastStep) {
      return; // no prompts, or this step's images exist already
    }
    lastStep = step;
    String time = LocalDateTime.now().format(TIME);
    for (int i = 0; i < prompts.size(); i++) {
      SampleRequest request = prompts.get(i);
      ImageSampler.Sample sample = writer.sampler().draw(request, manager);
      String file =
          String.format("%s_%06d_%02d_%s_%d.png", name, step, i, time, sample.request().seed());
      writer.write(sample, folder.resolve(file));
    }
  }
}
