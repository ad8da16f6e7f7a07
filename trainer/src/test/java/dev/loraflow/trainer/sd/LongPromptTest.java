package dev.loraflow.trainer.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.testing.TinySd;
import org.junit.jupiter.api.Test;

/** Prompts over 75 tokens: windows encoded separately, then joined kohya-style. */
class LongPromptTest {

  @Test
  void twoWindows_give152StatesWhoseFirstWindowMatchesASingleEncoding() throws Exception {
    ClipTokenizer tokenizer = ClipTokenizer.sd15();
    String prompt = "1girl, solo, long hair, looking at viewer, smile, ".repeat(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      ClipTextModel clip = StableDiffusion.load(TinySd.checkpoint(), manager).textEncoder();
      long[][] windows = tokenizer.encodeWindows(prompt, 2);
      NDArray flat = manager.create(concat(windows), new Shape(1, 2, 77));

      NDArray joined = clip.forwardWindows(flat, 2);
      NDArray single = clip.forward(manager.create(windows[0], new Shape(1, 77)), 2);
      NDArray second = clip.forward(manager.create(windows[1], new Shape(1, 77)), 2);

      assertThat(joined.getShape()).isEqualTo(new Shape(1, 152, TinySd.clipConfig().width()));
      assertThat(joined.get(":, 0:76").toFloatArray())
          .containsExactly(single.get(":, 0:76").toFloatArray());
      assertThat(joined.get(":, 76:151").toFloatArray())
          .containsExactly(second.get(":, 1:76").toFloatArray());
      assertThat(joined.get(":, 151").toFloatArray())
          .containsExactly(second.get(":, 76").toFloatArray());
    }
  }

  private static long[] concat(long[][] windows) {
    long[] all = new long[windows.length * 77];
    for (int w = 0; w < windows.length; w++) {
      System.arraycopy(windows[w], 0, all, w * 77, 77);
    }
    return all;
  }
}
