package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTokenizerTest {

  private static final ClipTokenizer TOKENIZER = ClipTokenizer.sd15();

  @Test
  void givesOpenAiReferenceIds_forEverySampleCaption() throws Exception {
    JsonNode samples;
    try (InputStream in = getClass().getResourceAsStream("/clip/token_ids.json")) {
      samples = new ObjectMapper().readTree(in);
    }
    assertThat(samples.size()).isGreaterThanOrEqualTo(8);
    for (JsonNode sample : samples) {
      List<Integer> expected = new ArrayList<>();
      sample.get("ids").forEach(id -> expected.add(id.intValue()));
      assertThat(TOKENIZER.encode(sample.get("text").textValue()))
          .as(sample.get("text").textValue())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void sdPrompt_isBosTokensEosPaddedTo77() {
    long[] ids = TOKENIZER.encodeForSd("a photo of a cat");

    assertThat(ids).hasSize(77);
    assertThat(Arrays.copyOf(ids, 7)).containsExactly(49406, 320, 1125, 539, 320, 2368, 49407);
    assertThat(ids[76]).isEqualTo(ClipTokenizer.EOS);
  }

  @Test
  void longPrompt_isTruncatedTo75Tokens() {
    long[] ids = TOKENIZER.encodeForSd("cat ".repeat(100));

    assertThat(ids[0]).isEqualTo(ClipTokenizer.BOS);
    assertThat(Arrays.stream(ids, 1, 76).distinct().toArray()).containsExactly(2368);
    assertThat(ids[76]).isEqualTo(ClipTokenizer.EOS);
  }

  @Test
  void longPrompt_splitsIntoWindowsOf75WithTheirOwnBosAndEos() {
    long[][] windows = TOKENIZER.encodeWindows("cat ".repeat(100), 2);

    assertThat(windows).hasDimensions(2, 77);
    assertThat(windows[1][0]).isEqualTo(ClipTokenizer.BOS);
    assertThat(Arrays.stream(windows[1], 1, 26).distinct().toArray()).containsExactly(2368);
    assertThat(windows[1][26]).isEqualTo(ClipTokenizer.EOS);
    assertThat(windows[1][76]).isEqualTo(ClipTokenizer.EOS);
  }

  @Test
  void usersOwnVocabAndMerges_areUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path vocab =
        java.nio.file.Files.writeString(
            dir.resolve("vocab.json"),
            "{\"c\": 0, \"a\": 1, \"t</w>\": 2, \"ca\": 3, \"cat</w>\": 4, \"!</w>\": 5}");
    java.nio.file.Path merges =
        java.nio.file.Files.writeString(
            dir.resolve("merges.txt"), "#version: 0.2\nc a\nca t</w>\n");

    ClipTokenizer own = ClipTokenizer.fromFiles(vocab, merges);

    assertThat(own.encode("Cat  cat!")).containsExactly(4, 4, 5);
  }

  @Test
  void htmlEntitiesAreUnescapedTwice() {
    assertThat(TOKENIZER.encode("&amp;amp; cat")).isEqualTo(TOKENIZER.encode("& cat"));
  }
}
