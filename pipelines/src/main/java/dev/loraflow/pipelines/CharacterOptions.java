package dev.loraflow.pipelines;

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
}
