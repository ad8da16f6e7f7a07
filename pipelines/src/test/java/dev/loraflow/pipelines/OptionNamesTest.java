package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptionNamesTest {

  @Test
  void libraryMessagesReadWithTheRecipesOptionNames() {
    assertThat(OptionNames.translate("WriteKohyaDataset.withName: a name is required"))
        .isEqualTo("--name: a name is required");
    assertThat(OptionNames.translate("1x1 is smaller than DecodeImages.withMinSize 2"))
        .isEqualTo("1x1 is smaller than --minSize 2");
    assertThat(OptionNames.translate("nothing of the library here"))
        .isEqualTo("nothing of the library here");
  }

  @Test
  void beamsValidationReadsWithTheOptionName() {
    assertThat(
            OptionNames.translate(
                "Missing required value for [public abstract java.lang.String "
                    + "dev.loraflow.pipelines.CharacterOptions.getTrigger(), \"tag\"]."))
        .isEqualTo("Missing required value for [--trigger, \"tag\"].");
  }
}
