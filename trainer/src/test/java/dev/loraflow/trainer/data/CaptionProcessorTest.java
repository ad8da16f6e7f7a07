package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionProcessorTest {

  private static final String CAPTION = "sks, 1girl, solo, red hair, smile, outdoors";

  @Test
  void kohyasDefaultsLeaveTheCaptionAsItIs() {
    assertThat(CaptionProcessor.create().process(CAPTION, 1, new Random(1))).isEqualTo(CAPTION);
  }

  @Test
  void prefixAndSuffixAreJoinedWithASpace() {
    CaptionProcessor processor = CaptionProcessor.create().withPrefix("photo of").withSuffix("hd");

    assertThat(processor.process("sks", 1, new Random(1))).isEqualTo("photo of sks hd");
  }

  @Test
  void shufflingWithKeepTokensKeepsTheTriggerFirst() {
    CaptionProcessor processor = CaptionProcessor.create().withShuffle(true).withKeepTokens(1);
    Set<String> orders = new HashSet<>();

    for (int seed = 0; seed < 50; seed++) {
      String shuffled = processor.process(CAPTION, 1, new Random(seed));
      List<String> tags = Arrays.asList(shuffled.split(", "));
      assertThat(tags.get(0)).isEqualTo("sks");
      assertThat(tags).containsExactlyInAnyOrder(CAPTION.split(", "));
      orders.add(shuffled);
    }
    assertThat(orders).hasSizeGreaterThan(10);
  }

  @Test
  void theKeepTokensSeparatorFixesAPrefixAndASuffix() {
    CaptionProcessor processor =
        CaptionProcessor.create().withShuffle(true).withKeepTokensSeparator("|||");

    for (int seed = 0; seed < 20; seed++) {
      String result =
          processor.process("sks, girl ||| a, b, c, d ||| masterpiece", 1, new Random(seed));
      assertThat(result).startsWith("sks, girl, ").endsWith(", masterpiece");
      assertThat(result.split(", ")).hasSize(7);
    }
  }

  @Test
  void captionDropoutRatesZeroAndOne() {
    assertThat(CaptionProcessor.create().withDropoutRate(1).process(CAPTION, 1, new Random(3)))
        .isEmpty();
    assertThat(CaptionProcessor.create().withDropoutRate(0).process(CAPTION, 1, new Random(3)))
        .isEqualTo(CAPTION);
  }

  @Test
  void dropoutEveryNEpochsEmptiesThoseEpochs() {
    CaptionProcessor processor = CaptionProcessor.create().withDropoutEveryNEpochs(2);

    assertThat(processor.process(CAPTION, 1, new Random(1))).isEqualTo(CAPTION);
    assertThat(processor.process(CAPTION, 2, new Random(1))).isEmpty();
    assertThat(processor.process(CAPTION, 3, new Random(1))).isEqualTo(CAPTION);
  }

  @Test
  void tagDropoutRatesZeroAndOneSpareTheKeptTokens() {
    CaptionProcessor all = CaptionProcessor.create().withKeepTokens(2).withTagDropoutRate(1);
    CaptionProcessor none = CaptionProcessor.create().withKeepTokens(2).withTagDropoutRate(0);

    assertThat(all.process(CAPTION, 1, new Random(5))).isEqualTo("sks, 1girl");
    assertThat(none.process(CAPTION, 1, new Random(5))).isEqualTo(CAPTION);
  }

  @Test
  void theSameSeedGivesTheSameCaption() {
    CaptionProcessor processor =
        CaptionProcessor.create().withShuffle(true).withKeepTokens(1).withTagDropoutRate(0.3);

    assertThat(processor.process(CAPTION, 1, new Random(42)))
        .isEqualTo(processor.process(CAPTION, 1, new Random(42)));
  }

  @Test
  void secondarySeparatorGroupsTagsThatMoveTogether() {
    CaptionProcessor processor =
        CaptionProcessor.create().withShuffle(true).withSecondarySeparator(";;;");

    for (int seed = 0; seed < 20; seed++) {
      String result = processor.process("a;;;b, c, d, e", 1, new Random(seed));
      assertThat(result).contains("a,b").doesNotContain(";;;");
    }
  }
}
