package dev.loraflow.transforms.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.RejectCoder;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteKohyaDatasetTest {
  @TempDir Path out;

  private static Sample decoded(String id, String name, List<String> caption) {
    byte[] png = TestImages.solid("png", 4, 4, new Color(id.hashCode() & 0xFFFFFF));
    return Sample.builder()
        .setId(id)
        .setSource("folder")
        .setUri("/in/" + id)
        .setName(name)
        .setBytes(png)
        .setMd5("md5-" + id)
        .setFormat(ImageFormat.PNG)
        .setWidth(4)
        .setHeight(4)
        .setCaption(caption)
        .build();
  }

  private void write(List<Sample> samples, List<Reject> rejects) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects input =
        SamplesAndRejects.of(
            pipeline.apply("Samples", Create.of(samples).withCoder(SampleCoder.of())),
            pipeline.apply("Rejects", Create.of(rejects).withCoder(RejectCoder.of())));
    input.apply("Write", WriteKohyaDataset.to(out.toString()).withName("test_lora"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void writesRepeatFolderWithSafeUniqueNamesCaptionsAndManifest() throws Exception {
    write(
        List.of(
            decoded("folder:x/A.png", "A", List.of("trigger", "smile")),
            decoded("folder:y/a.png", "a", List.of("trigger", "open mouth")),
            decoded("folder:../../etc/passwd.png", "../../etc/passwd", List.of("trigger"))),
        List.of(new Reject("folder:bad.png", "/in/bad.png", "decode", "empty file (0 bytes)")));

    Path folder = out.resolve("img/333_test_lora");
    List<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(files).hasSize(6).allMatch(f -> f.matches("[a-z0-9][a-z0-9._-]*\\.(png|txt)"));
    Set<String> lowerCased =
        files.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    assertThat(lowerCased).hasSize(6); // no clash on case-insensitive file systems
    for (String image : files.stream().filter(f -> f.endsWith(".png")).toList()) {
      assertThat(files).contains(image.replace(".png", ".txt"));
    }

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.format()).isEqualTo("loraflow-dataset");
    assertThat(manifest.name()).isEqualTo("test_lora");
    assertThat(manifest.repeats()).isEqualTo(333);
    assertThat(manifest.imageCount()).isEqualTo(3);
    assertThat(manifest.rejectsCount()).isEqualTo(1);
    assertThat(manifest.tagFrequencies())
        .containsExactly(
            java.util.Map.entry("trigger", 3),
            java.util.Map.entry("open mouth", 1),
            java.util.Map.entry("smile", 1));
    DatasetManifest.Entry first =
        manifest.images().stream()
            .filter(e -> e.id().equals("folder:x/A.png"))
            .findFirst()
            .orElseThrow();
    assertThat(Files.readString(folder.resolve(first.file().replace(".png", ".txt"))))
        .isEqualTo("trigger, smile");

    assertThat(RejectsReport.parse(Files.readAllBytes(out.resolve("rejects.jsonl"))))
        .containsExactly(
            new Reject("folder:bad.png", "/in/bad.png", "decode", "empty file (0 bytes)"));
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp"));
    }
  }

  @Test
  void notesOfEveryStageGoToTagsReport_bySectionAndKey_andAnEmptyReportIsWrittenToo()
      throws Exception {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects input =
        SamplesAndRejects.of(
                pipeline.apply(
                    "Samples",
                    Create.of(List.of(decoded("folder:a.png", "a", List.of("smile"))))
                        .withCoder(SampleCoder.of())),
                pipeline.apply("Rejects", Create.empty(RejectCoder.of())))
            .withNotes(
                pipeline.apply(
                    "Traits",
                    Create.of(
                        new ReportNote("prunedTraits", "red eyes", "{\"tag\":\"red eyes\"}"),
                        new ReportNote("prunedTraits", "brown hair", "{\"tag\":\"brown hair\"}"))))
            .withNotes(
                pipeline.apply(
                    "Duplicates",
                    Create.of(new ReportNote("nearDuplicates", "a", "{\"kept\":\"a\"}"))));
    input.apply("Write", WriteKohyaDataset.to(out.toString()).withName("test_lora"));
    pipeline.run().waitUntilFinish();

    assertThat(Files.readString(out.resolve("tags-report.json")))
        .isEqualToIgnoringWhitespace(
            "{\"nearDuplicates\":[{\"kept\":\"a\"}],"
                + "\"prunedTraits\":[{\"tag\":\"brown hair\"},{\"tag\":\"red eyes\"}]}");

    write(List.of(decoded("folder:a.png", "a", List.of("smile"))), List.of());
    assertThat(Files.readString(out.resolve("tags-report.json"))).isEqualToIgnoringWhitespace("{}");
  }

  @Test
  void imageWithoutTagsGetsNoCaptionFile_andTheManifestCountsTheClassTokenKohyaCaptionsItWith()
      throws Exception {
    write(
        List.of(
            decoded("folder:plain.png", "plain", List.of()),
            decoded("folder:tagged.png", "tagged", List.of("smile"))),
        List.of());
    try (Stream<Path> list = Files.list(out.resolve("img/500_test_lora"))) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .filteredOn(f -> f.startsWith("plain"))
          .singleElement()
          .satisfies(f -> assertThat(f).endsWith(".png"));
    }

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.classToken()).isEqualTo("test_lora");
    assertThat(manifest.captionedImageCount()).isEqualTo(1);
    // kohya's ss_tag_frequency counts the folder's class token for the image without a caption
    assertThat(manifest.tagFrequencies())
        .containsExactly(java.util.Map.entry("smile", 1), java.util.Map.entry("test_lora", 1));
  }

  @Test
  void theRecordedMd5IsThatOfTheFileWritten() throws Exception {
    write(List.of(decoded("folder:x.png", "x", List.of("smile"))), List.of());

    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    DatasetManifest.Entry entry = manifest.images().get(0);
    byte[] written = Files.readAllBytes(out.resolve(manifest.folder()).resolve(entry.file()));
    assertThat(entry.md5())
        .isNotEqualTo("md5-folder:x.png") // the input's, which decoding may have changed
        .isEqualTo(dev.loraflow.transforms.model.Hashes.md5Hex(written));
  }

  @Test
  void manifestIsWrittenEvenWhenEverythingWasRejected() throws Exception {
    write(List.of(), List.of(new Reject("folder:a.png", "/a.png", "decode", "corrupt")));
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isZero();
    assertThat(manifest.rejectsCount()).isEqualTo(1);
  }

  @Test
  void atomicWriteReplacesAnExistingFile() throws Exception {
    Path target = out.resolve("f.txt");
    Files.writeString(target, "old");
    AtomicFiles.write(
        org.apache.beam.sdk.io.FileSystems.matchNewResource(target.toString(), false),
        "new".getBytes());
    assertThat(Files.readString(target)).isEqualTo("new");
    try (Stream<Path> list = Files.list(out)) {
      assertThat(list).hasSize(1);
    }
  }

  @Test
  void validatesNameAndBudget() {
    assertThatThrownBy(() -> WriteKohyaDataset.to(out.toString()).withName("a/b"))
        .hasMessageContaining("WriteKohyaDataset.withName");
    assertThatThrownBy(() -> WriteKohyaDataset.to(out.toString()).withRepeatBudget(0))
        .hasMessageContaining("WriteKohyaDataset.withRepeatBudget");
  }
}
