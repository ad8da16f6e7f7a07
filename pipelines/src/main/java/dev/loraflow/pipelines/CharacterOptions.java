package dev.loraflow.pipelines;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the character recipe. {@code --trigger} is the character's tag (put first); {@code
 * --removeTags} lists the character's permanent traits (hair colour, eye colour, signature outfit),
 * which the trigger should come to mean on its own.
 *
 * <pre>
 * mvn -q compile exec:java -Dpipeline=character \
 *   -Dexec.args="--input=/data/reimu --trigger='hakurei reimu' --removeTags='brown hair,red eyes,hair bow' --output=/data/reimu-lora"
 * </pre>
 */
public interface CharacterOptions extends RecipeOptions {

  @Override
  @Validation.Required
  @Description("Required: the character's tag, put first in every caption.")
  String getTrigger();

  @Description(
      "Find the character's permanent traits (appearance tags in most images; copyright, artist"
          + " and meta tags where the source has categories) and prune them from every caption."
          + " --autoPrune=false prunes only --removeTags.")
  @Default.Boolean(true)
  Boolean getAutoPrune();

  void setAutoPrune(Boolean value);

  @Description(
      "With --autoPrune: an appearance tag in at least this share of the images is a permanent"
          + " trait (above 0, at most 1).")
  @Default.Double(0.6)
  Double getTraitShare();

  void setTraitShare(Double value);

  @Description("Comma-separated tags --autoPrune never prunes, however frequent.")
  List<String> getKeepTags();

  void setKeepTags(List<String> value);
}
