package dev.loraflow.pipelines;

import dev.loraflow.transforms.image.DecodeImages;
import dev.loraflow.transforms.image.NearDuplicates;
import dev.loraflow.transforms.layout.RepeatFolder;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options every dataset recipe shares. Beam options: {@code --help=CharacterOptions} lists them,
 * {@code --runner=FlinkRunner} runs the same recipe on Flink.
 */
public interface RecipeOptions extends BooruOptions, TaggerOptions, TagDataOptions {

  @Description("A JSON or YAML file of these options (names as keys); command-line options win.")
  String getConfig();

  void setConfig(String value);

  @Description(
      "Folder of images (.png .jpg .jpeg .webp .bmp) with same-named .txt captions. "
          + "Without it the recipe runs on the embedded demo data.")
  String getInput();

  void setInput(String value);

  @Description("Also read images in subfolders of --input.")
  @Default.Boolean(false)
  boolean getRecursive();

  void setRecursive(boolean value);

  @Description(
      "Where the dataset is written: img/{repeats}_{name}/, dataset.json, rejects.jsonl. "
          + "Default: loraflow-output/{name}.")
  @Default.InstanceFactory(OutputFactory.class)
  String getOutput();

  void setOutput(String value);

  @Description(
      "The LoRA's name, used for the folder img/{repeats}_{name}. Default: the trigger, "
          + "spaces as underscores.")
  @Default.InstanceFactory(NameFactory.class)
  String getName();

  void setName(String value);

  @Description("Tag put first in every caption: the word that will call up the character or style.")
  String getTrigger();

  void setTrigger(String value);

  @Description(
      "Comma-separated tags to remove from every caption (underscores or spaces, any case).")
  List<String> getRemoveTags();

  void setRemoveTags(List<String> value);

  @Description(
      "A tag rules file (remove / replace / first / last; text, or JSON if it ends in .json), "
          + "applied after the recipe's own rules.")
  String getRulesFile();

  void setRulesFile(String value);

  @Description("Escape parentheses in captions as A1111 prompts need: \\(tag\\).")
  @Default.Boolean(false)
  boolean getEscapeParentheses();

  void setEscapeParentheses(boolean value);

  @Description(
      "Image steps per epoch: repeats = max(1, floor(repeatBudget / images)). The guide "
          + "uses 1000 and warns above 1150.")
  @Default.Integer(RepeatFolder.DEFAULT_BUDGET)
  int getRepeatBudget();

  void setRepeatBudget(int value);

  @Description("Smallest accepted width and height, in pixels; smaller images are rejected.")
  @Default.Integer(256)
  int getMinSize();

  void setMinSize(int value);

  @Description(
      "Largest pixel count (width x height) an image header may declare; bigger files are "
          + "rejected as decompression bombs before decoding.")
  @Default.Long(DecodeImages.DEFAULT_MAX_PIXELS)
  long getMaxPixels();

  void setMaxPixels(long value);

  @Description(
      "Drop near-duplicate images (the same picture resized, re-encoded, slightly cropped or "
          + "recoloured), keeping the copy with the most pixels, then a lossless one.")
  @Default.Boolean(true)
  boolean getDropNearDuplicates();

  void setDropNearDuplicates(boolean value);

  @Description(
      "Most bits (0 to 189) by which two images' perceptual hashes may differ for them to count "
          + "as one picture; lower keeps more look-alikes.")
  @Default.Integer(NearDuplicates.DEFAULT_MAX_DISTANCE)
  int getNearDuplicateDistance();

  void setNearDuplicateDistance(int value);

  /** {@code loraflow-output/{name}} under the working directory, as an absolute path. */
  class OutputFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return java.nio.file.Path.of("loraflow-output", options.as(RecipeOptions.class).getName())
          .toAbsolutePath()
          .toString();
    }
  }

  /** The trigger with spaces as underscores, or {@code dataset}. */
  class NameFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      String trigger = options.as(RecipeOptions.class).getTrigger();
      if (trigger == null || trigger.isBlank()) {
        return "dataset";
      }
      return trigger.strip().replaceAll("[\\s/\\\\:*?\"<>|]+", "_");
    }
  }
}
