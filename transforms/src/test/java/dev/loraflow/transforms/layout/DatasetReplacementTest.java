package dev.loraflow.transforms.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset written over an earlier one: what is replaced, what is kept, what is refused. */
class DatasetReplacementTest {
  @TempDir Path tmp;

  private static Sample sample(String id) {
    byte[] png = TestImages.solid("png", 4, 4, new Color(id.hashCode() & 0xFFFFFF));
    return Sample.builder()
        .setId("folder:" + id + ".png")
        .setSource("folder")
        .setUri("/in/" + id + ".png")
        .setName(id)
        .setBytes(png)
        .setMd5(Hashes.md5Hex(png))
        .setFormat(ImageFormat.PNG)
        .setWidth(4)
        .setHeight(4)
        .setCaption(List.of("trigger", "tag of " + id))
        .build();
  }

  private static void write(Path out, String... ids) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    List<Sample> samples = Stream.of(ids).map(DatasetReplacementTest::sample).toList();
    SamplesAndRejects input =
        SamplesAndRejects.of(
            pipeline.apply("Samples", Create.of(samples).withCoder(SampleCoder.of())),
            pipeline.apply("Rejects", Create.empty(RejectCoder.of())));
    input.apply("Write", WriteKohyaDataset.to(out.toString()).withName("test_lora"));
    pipeline.run().waitUntilFinish();
  }

  /** Every file and folder under {@code root}: relative path → MD5 (folders: "dir"). */
  private static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.filter(p -> !p.equals(root)).toList()) {
        tree.put(
            root.relativize(path).toString(),
            Files.isDirectory(path) ? "dir" : Hashes.md5Hex(Files.readAllBytes(path)));
      }
    }
    return tree;
  }

  private static Path captionOf(Path out, String folder, String id) throws Exception {
    DatasetManifest manifest = manifest(out);
    String image =
        manifest.images().stream()
            .filter(e -> e.id().equals("folder:" + id + ".png"))
            .findFirst()
            .orElseThrow()
            .file();
    return out.resolve(folder).resolve(image.replace(".png", ".txt"));
  }

  private static DatasetManifest manifest(Path out) throws Exception {
    return DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
  }

  private static void editManifest(Path out, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode json =
        (ObjectNode) DatasetManifest.JSON.readTree(out.resolve("dataset.json").toFile());
    edit.accept(json);
    Files.write(out.resolve("dataset.json"), DatasetManifest.JSON.writeValueAsBytes(json));
  }

  @Test
  void aRerunDeletesOnlyItsOwnFilesAndKeepsThoseTheUserAddedOrChanged() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a", "b", "c");
    Path oldFolder = out.resolve("img/333_test_lora");
    Files.writeString(oldFolder.resolve("mine.png"), "a drawing of my own");
    Path editedCaption = captionOf(out, "img/333_test_lora", "c");
    Files.writeString(editedCaption, "trigger, my careful caption");

    write(out, "a", "d");

    try (Stream<Path> left = Files.list(oldFolder)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("mine.png", editedCaption.getFileName().toString());
    }
    assertThat(Files.readString(editedCaption)).isEqualTo("trigger, my careful caption");
    DatasetManifest manifest = manifest(out);
    assertThat(manifest.version()).isEqualTo(DatasetManifest.VERSION);
    Map<String, String> onDisk = new TreeMap<>();
    tree(out)
        .forEach(
            (path, md5) -> {
              if (path.startsWith("img/500_test_lora/")) {
                onDisk.put(path, md5);
              }
            });
    Map<String, String> listed = new TreeMap<>();
    manifest.files().forEach(f -> listed.put(f.path(), f.md5()));
    assertThat(listed).hasSize(4).isEqualTo(onDisk);
    assertThat(out.resolve(".loraflow")).doesNotExist();
  }

  @Test
  void aManifestNamingAnythingOutsideItsRepeatFolderIsRefusedAndNothingIsDeleted()
      throws Exception {
    Path victim = tmp.resolve("victim");
    Files.createDirectories(victim);
    byte[] precious = "hours of work".getBytes();
    Files.write(victim.resolve("keep.png"), precious);
    String md5 = Hashes.md5Hex(precious);
    List<Consumer<ObjectNode>> hostile =
        List.of(
            json -> json.put("folder", "img/../../victim"),
            json -> json.put("folder", victim.toString()),
            json ->
                ((ObjectNode) json.withArray("files").get(0))
                    .put("path", "img/1000_test_lora/../../../victim/keep.png")
                    .put("md5", md5),
            json ->
                ((ObjectNode) json.withArray("files").get(0))
                    .put("path", victim.resolve("keep.png").toString())
                    .put("md5", md5));
    for (int i = 0; i < hostile.size(); i++) {
      Path out = tmp.resolve("out" + i);
      write(out, "a");
      editManifest(out, hostile.get(i));
      assertThatThrownBy(() -> DatasetFolder.at(out.toString()).manifest())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("which is not a file of its repeat folder inside '" + out + "'");
      Map<String, String> before = tree(out.resolve("img"));
      assertThatThrownBy(() -> write(out, "b")).rootCause().hasMessageContaining("dataset.json");
      assertThat(tree(out.resolve("img"))).isEqualTo(before);
    }
    assertThat(Files.readAllBytes(victim.resolve("keep.png"))).isEqualTo(precious);
  }

  @Test
  void aRepeatFolderLinkedToAnotherPlaceIsRefused() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a");
    Path elsewhere = tmp.resolve("photos");
    Files.move(out.resolve("img/1000_test_lora"), elsewhere);
    Files.createSymbolicLink(out.resolve("img/1000_test_lora"), elsewhere);
    Map<String, String> before = tree(elsewhere);

    assertThatThrownBy(() -> write(out, "b"))
        .rootCause()
        .hasMessageContaining("names 'img/1000_test_lora'");
    assertThat(tree(elsewhere)).isEqualTo(before).hasSize(2);
  }

  @Test
  void aReplacementKilledHalfwayIsFinishedByTheNextRun() throws Exception {
    Path expected = tmp.resolve("expected");
    write(expected, "a", "b", "c");
    write(expected, "a", "d");
    Path fresh = tmp.resolve("fresh");
    write(fresh, "a", "d");

    // The state a kill leaves mid-commit: the new dataset staged, some of its files moved in.
    Path out = tmp.resolve("out");
    write(out, "a", "b", "c");
    Path staging = out.resolve(".loraflow/staging");
    for (Map.Entry<String, String> file : tree(fresh).entrySet()) {
      if (!file.getValue().equals("dir")) {
        Files.createDirectories(staging.resolve(file.getKey()).getParent());
        Files.copy(fresh.resolve(file.getKey()), staging.resolve(file.getKey()));
      }
    }
    List<String> staged =
        tree(staging.resolve("img")).keySet().stream().filter(f -> f.contains("/")).toList();
    for (String file : staged.subList(0, staged.size() / 2)) {
      Files.createDirectories(out.resolve("img").resolve(file).getParent());
      Files.move(staging.resolve("img").resolve(file), out.resolve("img").resolve(file));
    }

    assertThat(DatasetFolder.at(out.toString()).recover()).isEmpty();
    assertThat(tree(out)).isEqualTo(tree(expected));
  }

  @Test
  void aRunKilledBeforeItsDatasetWasCompleteLeavesTheOldOneAndItsLeftoversGo() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a", "b");
    Map<String, String> old = tree(out);
    Path staged = out.resolve(".loraflow/staging/img/333_test_lora");
    Files.createDirectories(staged);
    Files.writeString(staged.resolve("c_0123456789.png"), "half an image");
    Files.writeString(staged.resolve(".c_0123456789.txt.4b1c.tmp"), "trig");

    assertThat(DatasetFolder.at(out.toString()).recover()).isEmpty();
    assertThat(tree(out)).isEqualTo(old);
  }

  @Test
  void aFileTheUserChangedIsNeverOverwritten() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a");
    Path caption = captionOf(out, "img/1000_test_lora", "a");
    Files.writeString(caption, "trigger, fixed by hand");
    Map<String, String> before = tree(out.resolve("img"));

    assertThatThrownBy(() -> write(out, "a"))
        .rootCause()
        .hasMessageContaining("would replace 1 file(s)")
        .hasMessageContaining("img/1000_test_lora/" + caption.getFileName());
    assertThat(tree(out.resolve("img"))).isEqualTo(before);
    assertThat(Files.readString(caption)).isEqualTo("trigger, fixed by hand");
  }

  @Test
  void aVersion1ManifestWithoutFilesIsKnownByItsImagesMd5AndCaptions() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a", "b");
    editManifest(
        out,
        json -> {
          json.remove("files");
          json.put("version", 1);
        });

    write(out, "c");

    assertThat(out.resolve("img/500_test_lora")).doesNotExist();
    assertThat(tree(out.resolve("img")).keySet())
        .allMatch(f -> f.startsWith("1000_test_lora"))
        .hasSize(3);
  }

  @Test
  void rejectsOnlyRunsStillReplaceTheDataset() throws Exception {
    Path out = tmp.resolve("out");
    write(out, "a");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects.of(
            pipeline.apply("Samples", Create.empty(SampleCoder.of())),
            pipeline.apply(
                "Rejects",
                Create.of(new Reject("folder:x.png", "/in/x.png", "decode", "corrupt"))
                    .withCoder(RejectCoder.of())))
        .apply("Write", WriteKohyaDataset.to(out.toString()).withName("test_lora"));
    pipeline.run().waitUntilFinish();

    assertThat(tree(out).keySet())
        .containsExactlyInAnyOrder("dataset.json", "rejects.jsonl", "tags-report.json");
  }
}
