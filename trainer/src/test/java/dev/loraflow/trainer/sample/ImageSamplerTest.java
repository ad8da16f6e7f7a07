package dev.loraflow.trainer.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.trainer.lora.LoraFile;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.lora.LoraStack;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drawing with the demo model: seeds, sizes, guidance, LoRAs, PNGs and bad requests. */
class ImageSamplerTest {

  @TempDir static Path dir;
  private static DemoSd demo;
  private static ImageSampler sampler;

  private static final SampleRequest REQUEST =
      SampleRequest.of("demo chan, solo", SamplerKind.EULER_A)
          .withNegativePrompt("lowres")
          .withSize(32, 32)
          .withSteps(3)
          .withSeed(7L);

  @BeforeAll
  static void load() throws Exception {
    demo = new DemoSd(dir.resolve("model"));
    sampler = demo.sampler(1);
  }

  @AfterAll
  static void close() {
    demo.close();
  }

  @Test
  void sameSeed_writesTheSamePngTwice_anotherSeedAnotherImage() throws Exception {
    SampleWriter writer = new SampleWriter(sampler, "demo", "0123456789", Map.of());
    Path first = dir.resolve("a.png");
    Path second = dir.resolve("b.png");
    writer.write(sampler.draw(REQUEST, demo.manager), first);
    writer.write(sampler.draw(REQUEST, demo.manager), second);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));

    BufferedImage other = sampler.draw(REQUEST.withSeed(8L), demo.manager).image();
    assertThat(pixels(other)).isNotEqualTo(pixels(javax.imageio.ImageIO.read(first.toFile())));
  }

  @Test
  void everySampler_drawsAnyMultipleOf8_inTheRequestedSize() {
    for (SamplerKind kind : SamplerKind.values()) {
      BufferedImage image =
          sampler.draw(REQUEST.withSampler(kind).withSize(72, 48), demo.manager).image();
      assertThat(image.getWidth()).as(kind.id()).isEqualTo(72);
      assertThat(image.getHeight()).as(kind.id()).isEqualTo(48);
    }
  }

  @Test
  void noSeed_drawsOne_andReportsIt() {
    ImageSampler.Sample sample = sampler.draw(REQUEST.withSeed(null), demo.manager);
    assertThat(sample.request().seed()).isNotNull();
    assertThat(pixels(sampler.draw(sample.request(), demo.manager).image()))
        .isEqualTo(pixels(sample.image()));
  }

  @Test
  void guidanceAndNegativePrompt_changeTheImage() {
    int[] base = pixels(sampler.draw(REQUEST, demo.manager).image());
    assertThat(pixels(sampler.draw(REQUEST.withCfgScale(1), demo.manager).image()))
        .isNotEqualTo(base);
    assertThat(pixels(sampler.draw(REQUEST.withNegativePrompt("blue"), demo.manager).image()))
        .isNotEqualTo(base);
  }

  @Test
  void loraAtMultiplierZero_givesTheBaseImageBitForBit() throws Exception {
    Path lora = demo.loraFile(dir.resolve("lora.safetensors"), 3);
    int[] base = pixels(sampler.draw(REQUEST, demo.manager).image());
    try (LoraFile file = LoraFile.read(lora)) {
      LoraNetwork off = file.apply(demo.sd.unet(), demo.sd.textEncoder(), 0f, demo.manager);
      int[] atZero = pixels(sampler.draw(REQUEST, demo.manager).image());
      off.setMultiplier(1f);
      int[] atOne = pixels(sampler.draw(REQUEST, demo.manager).image());
      off.detach();
      assertThat(atZero).isEqualTo(base);
      assertThat(atOne).isNotEqualTo(base);
    }
  }

  @Test
  void stackedLoras_addTheirDeltas_soALoraAndItsNegationCancel() throws Exception {
    Path lora = demo.loraFile(dir.resolve("stacked.safetensors"), 4);
    int[] base = pixels(sampler.draw(REQUEST, demo.manager).image());
    LoraStack one =
        LoraStack.apply(
            List.of(new LoraStack.Entry(lora, 1f)),
            demo.sd.unet(),
            demo.sd.textEncoder(),
            demo.manager);
    int[] withOne = pixels(sampler.draw(REQUEST, demo.manager).image());
    one.detach();
    LoraStack cancelling =
        LoraStack.apply(
            List.of(LoraStack.Entry.parse(lora + ":1"), LoraStack.Entry.parse(lora + ":-1")),
            demo.sd.unet(),
            demo.sd.textEncoder(),
            demo.manager);
    int[] cancelled = pixels(sampler.draw(REQUEST, demo.manager).image());
    cancelling.detach();

    assertThat(withOne).isNotEqualTo(base);
    assertThat(cancelled).isEqualTo(base);
    assertThat(pixels(sampler.draw(REQUEST, demo.manager).image())).isEqualTo(base);
  }

  @Test
  void parametersChunk_readsBack() throws Exception {
    SampleWriter writer =
        new SampleWriter(sampler, "demo", "0123456789", Map.of("mychar", "abcdef012345"));
    Path file = dir.resolve("params.png");
    writer.write(sampler.draw(REQUEST.withPrompt("1girl, ひまわり"), demo.manager), file);
    assertThat(PngFiles.readText(file, SampleWriter.PARAMETERS))
        .isEqualTo(
            "1girl, ひまわり\n"
                + "Negative prompt: lowres\n"
                + "Steps: 3, Sampler: Euler a, CFG scale: 7.5, Seed: 7, Size: 32x32,"
                + " Model hash: 0123456789, Model: demo, Lora hashes: \"mychar: abcdef012345\"");
  }

  @Test
  void badRequests_areRefusedNamingTheProblem() {
    assertThatThrownBy(() -> sampler.draw(REQUEST.withSize(60, 32), demo.manager))
        .hasMessageContaining("multiple of 8")
        .hasMessageContaining("60x32");
    assertThatThrownBy(() -> SamplerKind.parse("dpm_fancy"))
        .hasMessageContaining("unknown sampler 'dpm_fancy'")
        .hasMessageContaining("euler_a");
    String longPrompt = "red ".repeat(74) + "green blue";
    assertThatThrownBy(() -> sampler.draw(REQUEST.withPrompt(longPrompt), demo.manager))
        .hasMessageContaining("76 tokens")
        .hasMessageContaining("would be cut: \"blue\"");
    assertThatThrownBy(
            () -> sampler.draw(REQUEST.withSteps(501).withSampler(SamplerKind.DDIM), demo.manager))
        .hasMessageContaining("DDIM steps must be in 1..500");
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
