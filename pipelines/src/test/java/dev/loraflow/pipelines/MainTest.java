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

class MainTest {
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

  private String stderr() {
    return errors.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownPipelineIsAUsageError() throws Exception {
    assertThat(Main.run("nope", new String[0])).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("unknown pipeline 'nope'");
    assertThat(Main.run(null, new String[0])).isEqualTo(Main.USAGE);
  }

  @Test
  void unknownOptionIsNamed() throws Exception {
    assertThat(Main.run("character", new String[] {"--trigerr=x"})).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("trigerr");
  }

  @Test
  void missingInputFolderIsNamed(@TempDir Path tmp) throws Exception {
    String missing = tmp.resolve("no-such-folder").toString();
    int code =
        Main.run(
            "character",
            new String[] {"--input=" + missing, "--trigger=x", "--output=" + tmp.resolve("out")});
    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("--input: folder '" + missing + "' does not exist");
  }

  @Test
  void missingTriggerIsNamed(@TempDir Path tmp) throws Exception {
    int code =
        Main.run("character", new String[] {"--input=" + tmp, "--output=" + tmp.resolve("out")});
    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("Missing required value for [--trigger");
  }
}
