package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.pipelines.demo.DemoDataset;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path tmp;

  private final RecipeRunner<CharacterOptions> runner =
      new RecipeRunner<>(
          CharacterOptions.class,
          CharacterRecipe::from,
          DemoDataset::characterDefaults,
          new PrintStream(new java.io.ByteArrayOutputStream()));

  @Test
  void yamlOptionsAreReadAndTheCommandLineWins() throws Exception {
    Path yaml = tmp.resolve("reimu.yaml");
    Files.writeString(
        yaml,
        "input: /data/reimu\ntrigger: hakurei reimu\nremoveTags: [brown hair, red_eyes]\nrepeatBudget: 800\n");
    CharacterOptions options =
        runner.parse(new String[] {"--config=" + yaml, "--repeatBudget=900"});
    assertThat(options.getInput()).isEqualTo("/data/reimu");
    assertThat(options.getTrigger()).isEqualTo("hakurei reimu");
    assertThat(options.getRemoveTags()).containsExactly("brown hair", "red_eyes");
    assertThat(options.getRepeatBudget()).isEqualTo(900);
    assertThat(options.getName()).isEqualTo("hakurei_reimu");
  }

  @Test
  void jsonOptionsAreReadAndBadFilesNamed() throws Exception {
    Path json = tmp.resolve("style.json");
    Files.writeString(json, "{\"name\": \"inkwash\", \"minSize\": 512}");
    CharacterOptions options = runner.parse(new String[] {"--config=" + json});
    assertThat(options.getName()).isEqualTo("inkwash");
    assertThat(options.getMinSize()).isEqualTo(512);
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "- just\n- a list\n");
    assertThatThrownBy(() -> runner.parse(new String[] {"--config=" + bad}))
        .hasMessageContaining("--config '" + bad + "'");
  }
}
