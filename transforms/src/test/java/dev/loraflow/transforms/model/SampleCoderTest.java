package dev.loraflow.transforms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCoderTest {

  static Sample fullSample() {
    return Sample.builder()
        .setId("danbooru:123")
        .setSource("danbooru")
        .setUri("https://example.org/data/ab/cd/abcd.png")
        .setPostUrl("https://example.org/posts/123")
        .setName("danbooru_123")
        .setBytes(new byte[] {1, 2, 3, (byte) 0xFF})
        .setMd5("0123456789abcdef0123456789abcdef")
        .setFormat(ImageFormat.PNG)
        .setWidth(640)
        .setHeight(480)
        .setTags(
            List.of(
                Tag.of("hakurei_reimu", TagCategory.CHARACTER),
                new Tag("red bow", TagCategory.GENERAL, 0.875f),
                Tag.of("東方", TagCategory.COPYRIGHT)))
        .setRating(Rating.SENSITIVE)
        .setCaption(List.of("hakurei reimu", "red bow", "^_^"))
        .build();
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Sample sample = fullSample();
    Sample decoded = CoderUtils.clone(SampleCoder.of(), sample);
    assertThat(decoded).isEqualTo(sample);
    assertThat(decoded.bytes()).containsExactly(sample.bytes());
    assertThat(decoded.tags().get(1).score()).isEqualTo(0.875f);
    CoderProperties.coderDecodeEncodeEqual(SampleCoder.of(), sample);
    CoderProperties.coderDeterministic(SampleCoder.of(), sample, fullSample());
  }

  @Test
  void roundTripsAnUndecodedSampleWithoutPostUrl() throws Exception {
    Sample sample =
        Sample.builder()
            .setId("folder:a.png")
            .setSource("folder")
            .setUri("/x/a.png")
            .setName("a")
            .setBytes(new byte[0])
            .build();
    assertThat(CoderUtils.clone(SampleCoder.of(), sample)).isEqualTo(sample);
  }

  @Test
  void givenBytesKeptInAFile_encodesThePathAndReadsTheFileOnDemand(@TempDir Path folder)
      throws Exception {
    Path file = Files.write(folder.resolve("image.png"), new byte[] {9, 8, 7});
    Sample sample = fullSample().toBuilder().setContent(ImageBytes.inFile(file.toString())).build();

    byte[] encoded = CoderUtils.encodeToByteArray(SampleCoder.of(), sample);
    Sample decoded = CoderUtils.decodeFromByteArray(SampleCoder.of(), encoded);

    assertThat(decoded).isEqualTo(sample);
    assertThat(decoded.content().file()).contains(file.toString());
    assertThat(decoded.bytes()).containsExactly(9, 8, 7);
  }

  @Test
  void givenAFileThatIsGone_readingNamesTheFile(@TempDir Path folder) {
    String missing = folder.resolve("gone.png").toString();
    Sample sample = fullSample().toBuilder().setContent(ImageBytes.inFile(missing)).build();

    assertThatThrownBy(sample::bytes)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot read image file " + missing);
  }

  @Test
  void isTheDefaultCoderOfSamplesAndRejects() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    Coder<Sample> sampleCoder = registry.getCoder(TypeDescriptor.of(Sample.class));
    Coder<Reject> rejectCoder = registry.getCoder(TypeDescriptor.of(Reject.class));
    assertThat(sampleCoder).isSameAs(SampleCoder.of());
    assertThat(rejectCoder).isSameAs(RejectCoder.of());
    Reject reject = new Reject("folder:x.png", "/x.png", "decode", "empty file (0 bytes)");
    assertThat(CoderUtils.clone(RejectCoder.of(), reject)).isEqualTo(reject);
    Reject broken = Reject.inputError("folder:y.png", "/y.png", "read", "unreadable file");
    assertThat(CoderUtils.clone(RejectCoder.of(), broken).kind())
        .isEqualTo(Reject.Kind.INPUT_ERROR);
  }

  @Test
  void builtSamplesDoNotShareTheCallersLists() {
    java.util.ArrayList<String> caption = new java.util.ArrayList<>(List.of("a"));
    Sample sample = fullSample().toBuilder().setCaption(caption).build();
    caption.add("b");
    assertThat(sample.caption()).containsExactly("a");
  }
}
