package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {

  @TempDir Path root;

  @Test
  void readsRepeatFoldersCaptionsAndClassTokenFallback() throws IOException {
    Path train = root.resolve("img");
    Path a = TestImages.solid(train.resolve("40_mychar/a.png"), 64, 48, 0xff0000, "png");
    TestImages.caption(a, "mychar, red hair\nsecond line is ignored");
    TestImages.solid(train.resolve("40_mychar/b.JPG"), 30, 20, 0x00ff00, "jpg");
    Path c = TestImages.solid(train.resolve("5_sks girl/c.bmp"), 10, 10, 0x0000ff, "bmp");
    TestImages.caption(c, "");
    TestImages.solid(train.resolve("10_my_char/d.PnG"), 8, 16, 0, "png");
    Files.writeString(train.resolve("10_my_char/notes.gif"), "not an image we read");

    KohyaDataset dataset = DatasetScanner.create().scan(train);

    assertThat(dataset.images())
        .extracting(
            image -> image.path().getFileName().toString(),
            DatasetImage::folder,
            DatasetImage::caption,
            DatasetImage::repeats,
            DatasetImage::width,
            DatasetImage::height)
        .containsExactly(
            tuple("d.PnG", "10_my_char", "my_char", 10, 8, 16),
            tuple("a.png", "40_mychar", "mychar, red hair", 40, 64, 48),
            tuple("b.JPG", "40_mychar", "mychar", 40, 30, 20),
            tuple("c.bmp", "5_sks girl", "sks girl", 5, 10, 10));
    assertThat(dataset.folders())
        .extracting(DatasetFolder::name, DatasetFolder::repeats, DatasetFolder::imageCount)
        .containsExactly(
            tuple("10_my_char", 10, 1), tuple("40_mychar", 40, 2), tuple("5_sks girl", 5, 1));
    assertThat(dataset.trainImageRepeats()).isEqualTo(10 + 40 * 2 + 5);
    assertThat(dataset.warnings()).isEmpty();
  }

  @Test
  void skipsFoldersWithoutARepeatCountAndSaysWhy() throws IOException {
    Path train = root.resolve("img");
    TestImages.solid(train.resolve("3_ok/a.png"), 8, 8, 0, "png");
    TestImages.solid(train.resolve("mychar/a.png"), 8, 8, 0, "png");
    TestImages.solid(train.resolve("0_zero/a.png"), 8, 8, 0, "png");
    TestImages.solid(train.resolve("x_5_late/a.png"), 8, 8, 0, "png");
    Files.createDirectories(train.resolve("7_empty"));

    KohyaDataset dataset = DatasetScanner.create().scan(train);

    assertThat(dataset.folders()).extracting(DatasetFolder::name).containsExactly("3_ok");
    assertThat(dataset.warnings())
        .hasSize(4)
        .anySatisfy(w -> assertThat(w).contains("mychar").contains("repeat count"))
        .anySatisfy(w -> assertThat(w).contains("0_zero").contains("< 1"))
        .anySatisfy(w -> assertThat(w).contains("x_5_late"))
        .anySatisfy(w -> assertThat(w).contains("7_empty").contains("no images"));
  }

  @Test
  void aFolderWithoutRepeatFoldersIsAnErrorShowingTheLayout() throws IOException {
    Path train = root.resolve("flat");
    TestImages.solid(train.resolve("a.png"), 8, 8, 0, "png");

    assertThatThrownBy(() -> DatasetScanner.create().scan(train))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(train.toString())
        .hasMessageContaining("img/40_mychar/");
  }

  @Test
  void aCaptionThatIsNotUtf8IsAnErrorNamingTheFile() throws IOException {
    Path image = TestImages.solid(root.resolve("img/2_x/a.png"), 8, 8, 0, "png");
    Path caption = root.resolve("img/2_x/a.txt");
    Files.write(caption, new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'}); // Latin-1 "café"

    assertThat(image).exists();
    assertThatThrownBy(() -> DatasetScanner.create().scan(root.resolve("img")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(caption.toString())
        .hasMessageContaining("UTF-8");
  }

  @Test
  void anImageThatDoesNotDecodeIsAnErrorNamingTheFile() throws IOException {
    TestImages.solid(root.resolve("img/2_x/good.png"), 8, 8, 0, "png");
    Path broken = Files.writeString(root.resolve("img/2_x/broken.png"), "not a png at all");

    assertThatThrownBy(() -> DatasetScanner.create().scan(root.resolve("img")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(broken.toString());
  }

  @Test
  void captionExtensionIsConfigurableAndAByteOrderMarkIsDropped() throws IOException {
    Path image = TestImages.solid(root.resolve("img/1_cls/a.png"), 8, 8, 0, "png");
    Files.writeString(image.resolveSibling("a.caption"), "\uFEFFtrigger, smile\r\nmore");
    TestImages.caption(image, "from the txt file");

    KohyaDataset dataset =
        DatasetScanner.create().withCaptionExtension(".caption").scan(root.resolve("img"));

    assertThat(dataset.images().get(0).caption()).isEqualTo("trigger, smile");
    assertThatThrownBy(() -> DatasetScanner.create().withCaptionExtension("txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DatasetScanner.withCaptionExtension");
  }

  @Test
  void faceCropNamesFallBackToTheOriginalImagesCaption() throws IOException {
    Path image = TestImages.solid(root.resolve("img/1_cls/pic_12_34_56_78.png"), 8, 8, 0, "png");
    Files.writeString(image.resolveSibling("pic.txt"), "shared caption");

    KohyaDataset dataset = DatasetScanner.create().scan(root.resolve("img"));

    assertThat(dataset.images().get(0).caption()).isEqualTo("shared caption");
  }

  @Test
  void countsTagsPerFolderAsKohyasSetTagFrequency() throws IOException {
    Path a = TestImages.solid(root.resolve("img/2_x/a.png"), 8, 8, 0, "png");
    Path b = TestImages.solid(root.resolve("img/2_x/b.png"), 8, 8, 0, "png");
    TestImages.solid(root.resolve("img/2_x/c.png"), 8, 8, 0, "png");
    TestImages.caption(a, "Solo, long hair, ,smile");
    TestImages.caption(b, "solo,  SMILE ");

    KohyaDataset dataset = DatasetScanner.create().scan(root.resolve("img"));

    assertThat(dataset.tagFrequency())
        .isEqualTo(Map.of("2_x", Map.of("solo", 2, "long hair", 1, "smile", 2, "x", 1)));
  }

  @Test
  void padsRegularisationRepeatsRoundRobinUntilTheyCoverTheTrainingImages() throws IOException {
    for (String name : List.of("a", "b")) {
      TestImages.solid(root.resolve("img/3_x/" + name + ".png"), 8, 8, 0, "png");
    }
    for (String name : List.of("r1", "r2", "r3", "r4")) {
      TestImages.solid(root.resolve("reg/1_person/" + name + ".png"), 8, 8, 0, "png");
    }

    KohyaDataset dataset =
        DatasetScanner.create()
            .withRegularizationDir(root.resolve("reg"))
            .withPriorLossWeight(0.5f)
            .scan(root.resolve("img"));

    // 6 training repeats: the first pass gives each reg image 1 (4), the second adds 1 to r1, r2.
    assertThat(dataset.images())
        .filteredOn(DatasetImage::regularization)
        .extracting(
            i -> i.path().getFileName().toString(), DatasetImage::repeats, DatasetImage::lossWeight)
        .containsExactly(
            tuple("r1.png", 2, 0.5f),
            tuple("r2.png", 2, 0.5f),
            tuple("r3.png", 1, 0.5f),
            tuple("r4.png", 1, 0.5f));
    assertThat(dataset.images())
        .filteredOn(i -> !i.regularization())
        .extracting(DatasetImage::lossWeight)
        .containsOnly(1f);
    assertThat(dataset.regImageCount()).isEqualTo(4);
    assertThat(dataset.folders())
        .extracting(DatasetFolder::name, DatasetFolder::repeats, DatasetFolder::regularization)
        .containsExactly(tuple("3_x", 3, false), tuple("1_person", 1, true));
  }

  @Test
  void regularisationImagesBeyondTheTrainingCountAreUnused() throws IOException {
    TestImages.solid(root.resolve("img/3_x/a.png"), 8, 8, 0, "png");
    for (int i = 0; i < 5; i++) {
      TestImages.solid(root.resolve("reg/2_person/r" + i + ".png"), 8, 8, 0, "png");
    }

    KohyaDataset dataset =
        DatasetScanner.create()
            .withRegularizationDir(root.resolve("reg"))
            .scan(root.resolve("img"));

    // 3 training repeats: r0 brings 2, r1 brings 2 more (4 >= 3); r2..r4 are never registered.
    assertThat(dataset.images())
        .filteredOn(DatasetImage::regularization)
        .extracting(i -> i.path().getFileName().toString(), DatasetImage::repeats)
        .containsExactly(tuple("r0.png", 2), tuple("r1.png", 2));
    assertThat(dataset.regImageCount()).isEqualTo(5);
    assertThat(dataset.warnings())
        .anySatisfy(w -> assertThat(w).contains("3 regularisation images are unused"));
  }
}
