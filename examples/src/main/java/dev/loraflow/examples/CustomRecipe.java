package dev.loraflow.examples;

import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.image.DedupeExact;
import dev.loraflow.transforms.image.NearDuplicates;
import dev.loraflow.transforms.layout.WriteKohyaDataset;
import dev.loraflow.transforms.source.ReadImageFolder;
import dev.loraflow.transforms.tags.ApplyTagRules;
import dev.loraflow.transforms.tags.TagRules;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A user's own recipe: the character recipe's steps plus a custom stage ({@link
 * DropExtremeAspectRatios}) and a replacement rule, all rejects in one report.
 *
 * <pre>
 * mvn -q compile exec:java -Dpipeline=dev.loraflow.examples.CustomRecipe -Dexec.args="/data/in /data/out"
 * </pre>
 */
public final class CustomRecipe {
  private CustomRecipe() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CustomRecipe <input folder> <output folder>");
      System.exit(2);
    }
    run(args[0], args[1]);
  }

  public static void run(String input, String output) {
    TagRules rules =
        TagRules.none()
            .removing(List.of("pink hair", "blue eyes", "twintails"))
            .replacing("hair ribbon", List.of("red ribbon"))
            .insertingFirst(List.of("demo chan"));
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply("Read folder", ReadImageFolder.from(input))
        .then("Decode", DecodeImages.create().withMinSize(256))
        .then("Dedupe", DedupeExact.create())
        .then("Near-duplicates", NearDuplicates.create())
        // The custom stage: its rejects join the others in rejects.jsonl.
        .then("Aspect ratio", DropExtremeAspectRatios.atMost(2.0))
        .map("Captions", ApplyTagRules.with(rules))
        .apply("Write", WriteKohyaDataset.to(output).withName("demo_chan_custom"));
    pipeline.run().waitUntilFinish();
  }
}
