package dev.loraflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.layout.DatasetManifest;
import dev.loraflow.transforms.layout.RejectsReport;
import dev.loraflow.transforms.model.Reject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
  @TempDir Path tmp;

  @Test
  void folderToDatasetWritesEveryGoodImageWithTheNameFirst() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    FolderToDataset.run(input.toString(), tmp.resolve("out").toString(), "my_lora");
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(tmp.resolve("out/dataset.json")));
    // no minimum size and no dedupe here: the thumbnail and both copies are kept
    assertThat(manifest.imageCount()).isEqualTo(DemoDataset.GOOD_IMAGES + 3);
    assertThat(manifest.images())
        .allSatisfy(e -> assertThat(e.caption().get(0)).isEqualTo("my lora"));
  }

  @Test
  void customRecipeRejectsWideImagesIntoTheSameReport() throws Exception {
    Path input = tmp.resolve("in");
    DemoDataset.write(input);
    ImageIO.write(
        new BufferedImage(900, 300, BufferedImage.TYPE_INT_RGB),
        "png",
        input.resolve("banner.png").toFile());
    CustomRecipe.run(input.toString(), tmp.resolve("out").toString());
    List<Reject> rejects =
        RejectsReport.parse(Files.readAllBytes(tmp.resolve("out/rejects.jsonl")));
    assertThat(rejects)
        .anySatisfy(
            r -> {
              assertThat(r.id()).isEqualTo("folder:banner.png");
              assertThat(r.stage()).isEqualTo("aspect");
            });
    assertThat(rejects).extracting(Reject::stage).contains("dedupe", "near-duplicate");
    DatasetManifest manifest =
        DatasetManifest.parse(Files.readAllBytes(tmp.resolve("out/dataset.json")));
    assertThat(manifest.tagFrequencies())
        .containsKey("red ribbon")
        .doesNotContainKeys("hair ribbon", "pink hair");
  }
}
