package dev.loraflow.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadImageFolderTest {
  @TempDir Path dir;

  @BeforeEach
  void writeFolder() throws Exception {
    Files.write(dir.resolve("A.PNG"), TestImages.solid("png", 8, 8, Color.RED));
    Files.writeString(dir.resolve("A.txt"), "1girl, Red_Hair");
    Files.write(dir.resolve("b.jpeg"), TestImages.solid("jpeg", 8, 8, Color.BLUE));
    Files.write(dir.resolve("c.WebP"), TestImages.resource("images/lossy-40x30.webp"));
    Files.write(dir.resolve("c.txt"), "café".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(dir.resolve("e.gif"), new byte[] {'G', 'I', 'F'});
    Files.writeString(dir.resolve("notes.txt"), "not a caption of anything");
    Files.write(dir.resolve(".hidden.png"), TestImages.solid("png", 8, 8, Color.RED));
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/d [v2].bmp"), TestImages.solid("bmp", 8, 8, Color.GREEN));
    Files.writeString(dir.resolve("sub/d [v2].txt"), "smile");
  }

  private static Map<String, List<String>> captionsById(Iterable<Sample> samples) {
    Map<String, List<String>> byId = new TreeMap<>();
    samples.forEach(s -> byId.put(s.id(), s.caption()));
    return byId;
  }

  @Test
  void readsImagesWithTheirCaptionsAndRejectsTheRest() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects read = pipeline.apply(ReadImageFolder.from(dir.toString()));
    PAssert.that(read.samples())
        .satisfies(
            samples -> {
              assertThat(captionsById(samples))
                  .containsExactly(
                      Map.entry("folder:A.PNG", List.of("1girl", "Red_Hair")),
                      Map.entry("folder:b.jpeg", List.of()));
              samples.forEach(s -> assertThat(s.source()).isEqualTo("folder"));
              return null;
            });
    PAssert.that(read.rejects())
        .satisfies(
            rejects -> {
              List<String> lines = new ArrayList<>();
              rejects.forEach(
                  r -> lines.add(r.id() + " " + r.stage() + " " + r.kind() + " " + r.reason()));
              assertThat(lines)
                  .hasSize(2)
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .startsWith("folder:c.WebP read INPUT_ERROR caption")
                              .contains("c.txt is not valid UTF-8"))
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .startsWith("folder:e.gif read DECLINED unsupported file type"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void recursiveReadsSubfoldersWithGlobCharactersInNames() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects read =
        pipeline.apply(ReadImageFolder.from(dir.toString()).withRecursive(true));
    PAssert.that(read.samples())
        .satisfies(
            samples -> {
              assertThat(captionsById(samples))
                  .containsEntry("folder:sub/d [v2].bmp", List.of("smile"))
                  .hasSize(3);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void missingFolderFailsWhileBuildingNamingTheOption() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    String missing = dir.resolve("nope").toString();
    assertThatThrownBy(() -> pipeline.apply(ReadImageFolder.from(missing)))
        .hasMessage(
            "ReadImageFolder.from(dir): folder '" + missing + "' does not exist or holds no files");
  }

  @Test
  void givenARelativeFolderWithSameNamedFilesInSubfolders_keepsEveryImageByItsRelativePath()
      throws Exception {
    Path in = dir.resolve("in");
    for (String sub : List.of("a", "b", "b/c")) {
      Files.createDirectories(in.resolve(sub));
      Files.write(in.resolve(sub + "/1.png"), TestImages.solid("png", 8, 8, Color.RED));
      Files.writeString(in.resolve(sub + "/1.txt"), "from " + sub);
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (String relative : List.of(cwd.relativize(in).toString(), "./" + cwd.relativize(in))) {
      assertThat(relative).startsWith(".");
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
      SamplesAndRejects read =
          pipeline.apply(ReadImageFolder.from(relative + "/").withRecursive(true));
      PAssert.that(read.samples())
          .satisfies(
              samples -> {
                assertThat(captionsById(samples))
                    .containsExactly(
                        Map.entry("folder:a/1.png", List.of("from a")),
                        Map.entry("folder:b/1.png", List.of("from b")),
                        Map.entry("folder:b/c/1.png", List.of("from b/c")));
                return null;
              });
      pipeline.run().waitUntilFinish();
    }
  }

  @Test
  void givenLinksOutOfTheFolder_rejectsTheirImagesAndFollowsOnlyLinksWithin() throws Exception {
    Path outside = dir.resolve("elsewhere");
    Files.createDirectories(outside.resolve("photos"));
    Files.writeString(outside.resolve("secret.txt"), "my bank pin is 1234");
    Files.write(outside.resolve("private.png"), TestImages.solid("png", 8, 8, Color.BLACK));
    Files.write(outside.resolve("photos/p.png"), TestImages.solid("png", 8, 8, Color.GRAY));
    Path in = dir.resolve("in");
    Files.createDirectories(in.resolve("sub"));
    Files.write(in.resolve("sub/real.png"), TestImages.solid("png", 8, 8, Color.RED));
    Files.writeString(in.resolve("sub/real.txt"), "smile");
    Files.createSymbolicLink(in.resolve("inside.png"), in.resolve("sub/real.png"));
    Files.createSymbolicLink(in.resolve("inside.txt"), Path.of("sub/real.txt"));
    Files.createSymbolicLink(in.resolve("leak.png"), outside.resolve("private.png"));
    Files.write(in.resolve("captioned.png"), TestImages.solid("png", 8, 8, Color.BLUE));
    Files.createSymbolicLink(in.resolve("captioned.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(in.resolve("photos"), outside.resolve("photos"));

    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects read =
        pipeline.apply(ReadImageFolder.from(in.toString()).withRecursive(true));
    PAssert.that(read.samples())
        .satisfies(
            samples -> {
              assertThat(captionsById(samples))
                  .containsExactly(
                      Map.entry("folder:inside.png", List.of("smile")),
                      Map.entry("folder:sub/real.png", List.of("smile")));
              return null;
            });
    PAssert.that(read.rejects())
        .satisfies(
            rejects -> {
              Map<String, String> reasons = new TreeMap<>();
              rejects.forEach(r -> reasons.put(r.id(), r.kind() + " " + r.reason()));
              assertThat(reasons)
                  .containsOnlyKeys(
                      "folder:leak.png", "folder:captioned.png", "folder:photos/p.png");
              assertThat(reasons.get("folder:leak.png"))
                  .isEqualTo("DECLINED is a link that leads out of the input folder: not followed");
              assertThat(reasons.get("folder:captioned.png"))
                  .startsWith("DECLINED its caption captioned.txt is a link")
                  .doesNotContain("1234");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
