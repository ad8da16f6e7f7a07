package dev.loraflow.transforms.tagging.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagMappingLabelsTest {

  @TempDir Path dir;

  @Test
  void readsLabelsInOutputOrder_andMarksIndicesLeftOutAsIgnored() throws IOException {
    Path json =
        write(
            "{\"2\": {\"tag\": \"1girl\", \"category\": \"General\"},"
                + " \"0\": {\"tag\": \"general\", \"category\": \"Rating\"},"
                + " \"3\": {\"tag\": \"masterpiece\", \"category\": \"Quality\"}}");

    assertThat(TagMappingLabels.read(json))
        .containsExactly(
            new Label("general", LabelCategory.RATING),
            new Label("", LabelCategory.IGNORED),
            new Label("1girl", LabelCategory.GENERAL),
            new Label("masterpiece", LabelCategory.QUALITY));
  }

  @Test
  void anUnknownCategory_isNamed() throws IOException {
    Path json = write("{\"0\": {\"tag\": \"x\", \"category\": \"Species\"}}");

    assertThatThrownBy(() -> TagMappingLabels.read(json))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'Species'");
  }

  @Test
  void aKeyThatIsNoIndex_orAnEntryWithoutTag_isRefused() throws IOException {
    Path badKey = write("{\"one\": {\"tag\": \"x\", \"category\": \"General\"}}");
    Path noTag = write("{\"0\": {\"name\": \"x\", \"category\": \"General\"}}");

    assertThatThrownBy(() -> TagMappingLabels.read(badKey)).hasMessageContaining("'one'");
    assertThatThrownBy(() -> TagMappingLabels.read(noTag)).hasMessageContaining("\"tag\"");
  }

  @Test
  void aCsvOrBrokenJson_isNoTagMapping() throws IOException {
    Path csv = write("tag_id,name,category,count\n");

    assertThatThrownBy(() -> TagMappingLabels.read(csv)).hasMessageContaining("not JSON");
  }

  private Path write(String content) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "tag_mapping", ".json"), content);
  }
}
