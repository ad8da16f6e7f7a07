package dev.loraflow.trainer.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kohya's prompt files: every option, the guide's example line, comments, JSON, bad lines. */
class PromptFileTest {

  private static final SampleRequest DEFAULTS = SampleRequest.of("-", SamplerKind.DDIM);

  @TempDir Path dir;

  @Test
  void guidesExampleLine_readsAsKohyaReadsIt() {
    List<SampleRequest> prompts =
        PromptFile.parse(
            "masterpiece, 1girl --n low quality, worst quality, bad anatomy, --w 512 --h 512"
                + " --d 1 --l 7.5 --s 20",
            DEFAULTS,
            "prompts.txt");
    assertThat(prompts)
        .containsExactly(
            new SampleRequest(
                "masterpiece, 1girl",
                "low quality, worst quality, bad anatomy,",
                512,
                512,
                1L,
                20,
                7.5,
                SamplerKind.DDIM));
  }

  @Test
  void everyOption_anyCase_commentsAndBlankLinesSkipped() throws Exception {
    Path file = dir.resolve("prompts.txt");
    Files.writeString(
        file,
        "# preview prompts\n\n"
            + "a cat --W 640 --H 384 --D 42 --L 5 --S 12 --SS euler_a --N dog\n"
            + "  # indented comment\n"
            + "a bird --s 5000 --ss k_euler\n"
            + "plain\n");
    List<SampleRequest> prompts = PromptFile.read(file, DEFAULTS);
    assertThat(prompts)
        .containsExactly(
            new SampleRequest("a cat", "dog", 640, 384, 42L, 12, 5, SamplerKind.EULER_A),
            new SampleRequest("a bird", "", 512, 512, null, 1000, 7.5, SamplerKind.EULER),
            new SampleRequest("plain", "", 512, 512, null, 30, 7.5, SamplerKind.DDIM));
  }

  @Test
  void jsonFile_takesLinesAndKohyasKeys() throws Exception {
    Path file = dir.resolve("prompts.json");
    Files.writeString(
        file,
        "[\"a cat --w 256\", {\"prompt\": \"a dog\", \"negative_prompt\": \"cat\", \"width\": 320,"
            + " \"height\": 448, \"seed\": 3, \"scale\": 6.5, \"sample_steps\": 9,"
            + " \"sample_sampler\": \"euler\"}]");
    assertThat(PromptFile.read(file, DEFAULTS))
        .containsExactly(
            new SampleRequest("a cat", "", 256, 512, null, 30, 7.5, SamplerKind.DDIM),
            new SampleRequest("a dog", "cat", 320, 448, 3L, 9, 6.5, SamplerKind.EULER));
  }

  @Test
  void tomlFile_sharesThePromptTablesKeysWithEverySubset() throws Exception {
    Path file = dir.resolve("prompts.toml");
    Files.writeString(
        file,
        "[prompt]\nnegative_prompt = \"lowres\"\nwidth = 640\nscale = 6\nsample_steps = 28\n\n"
            + "[[prompt.subset]]\nprompt = \"1girl\"\n\n"
            + "[[prompt.subset]]\nprompt = \"1boy\"\nwidth = 384\nseed = 2\n");
    assertThat(PromptFile.read(file, DEFAULTS))
        .containsExactly(
            new SampleRequest("1girl", "lowres", 640, 512, null, 28, 6, SamplerKind.DDIM),
            new SampleRequest("1boy", "lowres", 384, 512, 2L, 28, 6, SamplerKind.DDIM));
  }

  @Test
  void badLines_nameTheLineAndTheOption() throws Exception {
    assertThatThrownBy(() -> PromptFile.parse("ok\n# c\na cat --w wide", DEFAULTS, "p.txt"))
        .hasMessage("p.txt line 3: option --w needs a whole number, got 'wide'");
    assertThatThrownBy(() -> PromptFile.parse("a cat --x 3", DEFAULTS, "p.txt"))
        .hasMessageStartingWith("p.txt line 1: unknown option --x");
    assertThatThrownBy(() -> PromptFile.parse("a cat --ss plms", DEFAULTS, "p.txt"))
        .hasMessageStartingWith("p.txt line 1: option --ss: unknown sampler 'plms'");
    assertThatThrownBy(() -> PromptFile.parse("a cat --l", DEFAULTS, "p.txt"))
        .hasMessageStartingWith("p.txt line 1: option --l has no value");
    Path json = dir.resolve("p.json");
    Files.writeString(json, "[{\"prompt\": \"a\", \"cfg\": 3}]");
    assertThatThrownBy(() -> PromptFile.read(json, DEFAULTS))
        .hasMessageContaining("p.json entry 1: unknown key \"cfg\"");
    assertThatThrownBy(() -> PromptFile.read(dir.resolve("missing.txt"), DEFAULTS))
        .hasMessageContaining("missing.txt does not exist");
  }
}
