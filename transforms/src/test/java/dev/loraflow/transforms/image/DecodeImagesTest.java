package dev.loraflow.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.transforms.InkImages;
import dev.loraflow.transforms.TestImages;
import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.ImageBytes;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeImagesTest {

  static Sample sample(String fileName, byte[] bytes) {
    return Sample.builder()
        .setId("folder:" + fileName)
        .setSource("folder")
        .setUri("/in/" + fileName)
        .setName(fileName.substring(0, fileName.lastIndexOf('.')))
        .setBytes(bytes)
        .build();
  }

  @Test
  void givenGoodAndBadFiles_emitsDecodedSamplesAndOneRejectPerBadFile() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    byte[] red = TestImages.solid("png", 300, 300, Color.RED);
    SamplesAndRejects result =
        pipeline
            .apply(
                Create.of(
                    sample("good.png", red),
                    sample("small.png", TestImages.solid("png", 100, 300, Color.RED)),
                    sample("empty.jpg", new byte[0]),
                    sample("bomb.png", TestImages.pngHeaderDeclaring(100_000, 100_000))))
            .apply(DecodeImages.create().withMinSize(256).withMaxPixels(50_000_000L));

    PAssert.that(result.samples())
        .satisfies(
            samples -> {
              List<Sample> list = new java.util.ArrayList<>();
              samples.forEach(list::add);
              assertThat(list).hasSize(1);
              Sample good = list.get(0);
              assertThat(good.format()).contains(ImageFormat.PNG);
              assertThat(good.width()).isEqualTo(300);
              assertThat(good.md5()).isEqualTo(Hashes.md5Hex(red));
              return null;
            });
    PAssert.that(
            result.rejects().apply(MapElements.into(TypeDescriptors.strings()).via(Reject::id)))
        .containsInAnyOrder("folder:small.png", "folder:empty.jpg", "folder:bomb.png");
    PAssert.that(
            result
                .rejects()
                .apply("Stages", MapElements.into(TypeDescriptors.strings()).via(Reject::stage)))
        .containsInAnyOrder("decode", "decode", "decode");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenBytesKeptInFiles_decodesFromTheFileAndKeepsIt_andRejectsAFileThatIsGone(
      @TempDir Path folder) throws Exception {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    byte[] red = TestImages.solid("png", 300, 300, Color.RED);
    String file = Files.write(folder.resolve("red.png"), red).toString();
    String gone = folder.resolve("gone.png").toString();
    Sample kept =
        sample("red.png", new byte[0]).toBuilder().setContent(ImageBytes.inFile(file)).build();
    Sample lost =
        sample("gone.png", new byte[0]).toBuilder().setContent(ImageBytes.inFile(gone)).build();

    SamplesAndRejects result = pipeline.apply(Create.of(kept, lost)).apply(DecodeImages.create());

    PAssert.thatSingleton(result.samples())
        .satisfies(
            good -> {
              assertThat(good.content().file()).contains(file);
              assertThat(good.width()).isEqualTo(300);
              assertThat(good.md5()).isEqualTo(Hashes.md5Hex(red));
              return null;
            });
    PAssert.thatSingleton(
            result.rejects().apply(MapElements.into(TypeDescriptors.strings()).via(Reject::reason)))
        .satisfies(
            reason -> {
              assertThat(reason).startsWith("cannot read image file " + gone);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenARewrittenImage_recordsTheMd5OfTheBytesKept() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    byte[] cmyk = InkImages.cmykJpeg(32, 32, new int[] {0, 255, 255, 0}, new int[] {255, 0, 0, 0});
    byte[] grey = InkImages.greyPng16(2, 2, new int[] {0, 1000, 40000, 65535});
    // A booru source sets the API's md5 of the original; the rewritten file has another.
    Sample fromBooru = sample("print.jpg", cmyk).toBuilder().setMd5(Hashes.md5Hex(cmyk)).build();

    SamplesAndRejects result =
        pipeline.apply(Create.of(fromBooru, sample("scan.png", grey))).apply(DecodeImages.create());

    PAssert.that(result.samples())
        .satisfies(
            samples -> {
              for (Sample decoded : samples) {
                byte[] kept = decoded.bytes();
                assertThat(decoded.format()).contains(ImageFormat.PNG);
                assertThat(ImageFormat.sniff(kept)).contains(ImageFormat.PNG);
                assertThat(decoded.md5()).isEqualTo(Hashes.md5Hex(kept));
                assertThat(decoded.md5()).isNotIn(Hashes.md5Hex(cmyk), Hashes.md5Hex(grey));
              }
              return null;
            });
    PAssert.that(result.rejects()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withersValidateTheirArgument() {
    assertThatThrownBy(() -> DecodeImages.create().withMinSize(0)).hasMessageContaining("minSize");
    assertThatThrownBy(() -> DecodeImages.create().withMaxPixels(0))
        .hasMessageContaining("maxPixels");
  }
}
