package dev.loraflow.transforms.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepeatFolderTest {
  @Test
  void followsTheGuidesArithmetic() {
    assertThat(RepeatFolder.repeats(50, 1000)).isEqualTo(20);
    assertThat(RepeatFolder.repeats(24, 1000)).isEqualTo(41);
    assertThat(RepeatFolder.repeats(3000, 1000)).isEqualTo(1);
    assertThat(RepeatFolder.repeats(0, 1000)).isEqualTo(1);
  }

  @Test
  void folderNameParsesAsKohyaDoes() {
    String folder = RepeatFolder.folderName(20, "hakurei_reimu v2");
    // kohya: repeats = int(everything before the first '_'), the rest is the name
    String[] tokens = folder.split("_", 2);
    assertThat(Integer.parseInt(tokens[0])).isEqualTo(20);
    assertThat(tokens[1]).isEqualTo("hakurei_reimu v2");
  }

  @Test
  void refusesNamesThatAreNotFolderNames() {
    assertThatThrownBy(() -> RepeatFolder.checkName("../evil"))
        .hasMessageContaining("WriteKohyaDataset.withName");
    assertThatThrownBy(() -> RepeatFolder.checkName(""))
        .hasMessageContaining("WriteKohyaDataset.withName: a name is required");
    assertThatThrownBy(() -> RepeatFolder.checkName(" x")).hasMessageContaining("spaces");
    assertThatThrownBy(() -> RepeatFolder.repeats(5, 0))
        .hasMessageContaining("WriteKohyaDataset.withRepeatBudget");
  }
}
