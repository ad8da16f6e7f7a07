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
}
