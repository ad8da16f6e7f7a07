package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionErrorsTest {
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @ParameterizedTest
  @CsvSource({
    "--minSize=abc, not a valid `int` value",
    "--recursive=yes, only \"true\"",
    "--maxPixels=1e9, not a valid `long` value",
    "--tagger=WD15, '[WD14, NONE]'"
  })
  void aBadValueIsAUsageErrorNamingTheOption(String arg, String reason) throws Exception {
    assertThat(Main.run("character", new String[] {"--trigger=x", arg})).isEqualTo(Main.USAGE);
    assertThat(stderr()).startsWith("loraflow: " + arg + ": ").contains(reason);
    assertThat(stderr().lines()).hasSize(1); // Jackson's source location is left out
  }

  @Test
  void anUnknownHelpTopicIsAUsageError() throws Exception {
    assertThat(Main.run("character", new String[] {"--help=Unknown"})).isEqualTo(Main.USAGE);
    assertThat(stderr())
        .contains("--help: no options named 'Unknown'")
        .contains("--help=CharacterOptions");
  }

  @Test
  void optionsWithoutEffectInThisRunAreWarnedAbout(@TempDir Path input) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            options -> {},
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    runner.parse(
        new String[] {
          "--input=" + input,
          "--trigger=x",
          "--ratings=general",
          "--taggerMerge=APPEND",
          "--minSize=64",
          "--dropNearDuplicates=false",
          "--nearDuplicateDistance=10",
          "--checkTags=false",
          "--fixTags",
          "--autoPrune=false",
          "--keepTags=red bow",
          "--traitShare=0.5",
          "--tagMinPosts=10"
        });

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "loraflow: warning: --ratings has no effect with --source=FOLDER (it applies to booru"
                + " sources).",
            "loraflow: warning: --taggerMerge has no effect with --tagger=NONE (set --tagger=WD14"
                + " to tag images).",
            "loraflow: warning: --nearDuplicateDistance has no effect with"
                + " --dropNearDuplicates=false (near-duplicates are all kept).",
            "loraflow: warning: --fixTags has no effect with --checkTags=false (only the tags"
                + " checked are fixed).",
            "loraflow: warning: --keepTags has no effect with --autoPrune=false (it tunes the"
                + " automatic pruning; --removeTags still removes).",
            "loraflow: warning: --traitShare has no effect with --autoPrune=false (it tunes the"
                + " automatic pruning; --removeTags still removes).",
            "loraflow: warning: --tagMinPosts has no effect with --tagData=cached (it limits a"
                + " fetch; set --tagData=refresh).");
  }

  @Test
  void aTagDataFetchThatNoStageReadsIsWarnedAbout(@TempDir Path input) {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            options -> {},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    CharacterOptions options =
        runner.parse(
            new String[] {
              "--input=" + input,
              "--trigger=x",
              "--autoPrune=false",
              "--checkTags=false",
              "--tagData=fetch",
              "--tagDataUrl=http://127.0.0.1:9" // nothing listens: a fetch would fail the build
            });

    CharacterRecipe.from(options);

    assertThat(stderr())
        .contains(
            "--tagData=fetch has no effect: no stage of this run uses Danbooru's tag data"
                + " (--checkTags=false, and implied tags are kept; --dropImpliedTags would use"
                + " it).");
  }

  @Test
  void aNearDuplicateDistanceBeyondTheHashIsAUsageError(@TempDir Path input) throws Exception {
    assertThat(
            Main.run(
                "character",
                new String[] {"--input=" + input, "--trigger=x", "--nearDuplicateDistance=190"}))
        .isEqualTo(Main.USAGE);
    assertThat(stderr()).startsWith("loraflow: --nearDuplicateDistance=190: must be 0 to 189");
  }

  @Test
  void theSameOptionsWithTheirCounterpartGiveNoWarning(@TempDir Path input) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class,
            CharacterRecipe::from,
            options -> {},
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    runner.parse(
        new String[] {
          "--input=" + input,
          "--trigger=x",
          "--recursive",
          "--tagger=WD14",
          "--taggerMerge=APPEND",
          "--tagData=fetch",
          "--tagMinPosts=10"
        });

    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private String stderr() {
    return errors.toString(StandardCharsets.UTF_8);
  }
}
