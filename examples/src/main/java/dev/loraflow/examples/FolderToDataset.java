package dev.loraflow.examples;

import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.source.ReadImageFolder;
import dev.loraflow.transforms.tags.ApplyTagRules;
import dev.loraflow.transforms.tags.TagRules;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The smallest useful pipeline: a folder of captioned images to a kohya dataset, with one tag rule.
 * No recipe, no options class: the transforms used directly.
 *
 * <pre>
 * mvn -q compile exec:java -Dpipeline=dev.loraflow.examples.FolderToDataset -Dexec.args="/data/in /data/out my_lora"
 * </pre>
 */
public final class FolderToDataset {
  private FolderToDataset() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: FolderToDataset <input folder> <output folder> <name>");
      System.exit(2);
    }
    run(args[0], args[1], args[2]);
  }

  /** Builds and runs the pipeline; returns when the dataset is written. */
  public static void run(String input, String output, String name) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        // Every image of the folder with its .txt caption.
        .apply("Read folder", ReadImageFolder.from(input))
        // Decode and validate; broken files go to rejects.jsonl.
        .then("Decode", DecodeImages.create())
        // Normalize the tags and put the LoRA's name first.
        .map("Trigger first", ApplyTagRules.with(TagRules.none().insertingFirst(List.of(name))))
        // img/{repeats}_{name}/, dataset.json, rejects.jsonl.
        .apply("Write", WriteKohyaDataset.to(output).withName(name));
    pipeline.run().waitUntilFinish();
  }
}
