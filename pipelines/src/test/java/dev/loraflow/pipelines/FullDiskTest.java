package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while a recipe replaces a dataset: the run fails with the reason, and the
 * dataset already there stays as it was. The small disk is a tmpfs mounted in a private mount
 * namespace ({@code unshare}), so the test needs no privileges where user namespaces are allowed
 * and is skipped, saying why, where they are not.
 */
class FullDiskTest {
  @TempDir Path tmp;

  @Test
  void aDiskThatFillsDuringAReplacement_failsWithTheReasonAndKeepsTheOldDataset() throws Exception {
    assumeTrue(
        run(List.of("unshare", "-rm", "true")).exitCode == 0,
        "skipped: this platform lets no test mount a small tmpfs (unshare -rm refused)");
    Path small = tmp.resolve("in-small");
    Path large = tmp.resolve("in-large");
    NoiseImages.write(small, 0, 30);
    NoiseImages.write(large, 0, 120);
    Path reference = tmp.resolve("reference");
    assertThat(Main.run("character", args(small, reference).toArray(String[]::new))).isZero();
    long datasetBytes = bytes(reference);

    // room for the first dataset, not for it and its four times larger replacement
    Path disk = tmp.resolve("disk");
    Path copy = tmp.resolve("after-full-disk");
    Files.createDirectories(disk);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String recipe =
        "'"
            + java
            + "' -Xmx1g -Dpipeline=character -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName()
            + " ";
    String script =
        String.join(
            " && ",
            "mount -t tmpfs -o size=" + (datasetBytes * 2 + 64 * 1024) + " tmpfs '" + disk + "'",
            recipe + String.join(" ", quoted(args(small, disk.resolve("ds")))),
            "{ "
                + recipe
                + String.join(" ", quoted(args(large, disk.resolve("ds"))))
                + "; echo \"second run exit $?\"; }",
            "cp -r '" + disk.resolve("ds") + "' '" + copy + "'");
    Result result = run(List.of("unshare", "-rm", "sh", "-c", script));

    assertThat(result.output)
        .contains("second run exit 1")
        .containsPattern("cannot write \\S+/ds/\\S+: No space left on device");
    Map<String, String> after = DatasetFiles.tree(copy);
    after.keySet().removeIf(path -> path.startsWith(".loraflow"));
    assertThat(after).isEqualTo(DatasetFiles.tree(reference)).containsKey("img/33_demo_chan");
  }

  private static List<String> args(Path input, Path output) {
    return List.of("--input=" + input, "--output=" + output, "--trigger=demo chan", "--minSize=64");
  }

  private static List<String> quoted(List<String> args) {
    return args.stream().map(a -> "'" + a + "'").toList();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), output);
  }

  private static long bytes(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      long total = 0;
      for (Path path : all.filter(Files::isRegularFile).toList()) {
        total += Files.size(path);
      }
      return total;
    }
  }
}
