package dev.loraflow.trainer.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.ClipTokenizer;
import java.util.List;

/**
 * Prompts to the UNet's text contexts, as the trainer encodes captions: CLIP tokens in windows of
 * 75 ({@code maxTokenLength} 75, 150 or 225, kohya's joining) at the given clip skip. A prompt
 * longer than that is refused, naming the words that would be cut.
 */
public final class PromptEncoder {

  private final ClipTextModel textEncoder;
  private final ClipTokenizer tokenizer;
  private final int clipSkip;
  private final int windows;

  public PromptEncoder(
      ClipTextModel textEncoder, ClipTokenizer tokenizer, int clipSkip, int maxTokenLength) {
    if (!List.of(75, 150, 225).contains(maxTokenLength)) {
      throw new IllegalArgumentException(
          "maxTokenLength must be 75, 150 or 225, got " + maxTokenLength);
    }
    if (clipSkip < 1 || clipSkip > textEncoder.config().layers()) {
      throw new IllegalArgumentException(
          "clipSkip must be in 1.." + textEncoder.config().layers() + ", got " + clipSkip);
    }
    this.textEncoder = textEncoder;
    this.tokenizer = tokenizer;
    this.clipSkip = clipSkip;
    this.windows = maxTokenLength / ClipTokenizer.WINDOW_TOKENS;
  }

  public int clipSkip() {
    return clipSkip;
  }

  /** Throws if {@code text} has more tokens than fit, saying which words would be cut. */
  public void check(String what, String text) {
    int capacity = windows * ClipTokenizer.WINDOW_TOKENS;
    int count = tokenizer.encode(text).size();
    if (count <= capacity) {
      return;
    }
    String[] words = text.strip().split("\\s+");
    int kept = 0;
    while (kept < words.length
        && tokenizer.encode(String.join(" ", List.of(words).subList(0, kept + 1))).size()
            <= capacity) {
      kept++;
    }
    String cut = String.join(" ", List.of(words).subList(kept, words.length));
    throw new IllegalArgumentException(
        what
            + " has "
            + count
            + " tokens, more than maxTokenLength "
            + capacity
            + "; these words would be cut: \""
            + cut
            + (capacity < 225
                ? "\" (shorten it, or raise maxTokenLength to 225)"
                : "\" (shorten it)"));
  }

  /** Contexts [2, T, D] of {@code [negative; prompt]}, in one text-encoder call. */
  public NDArray encodePair(String negative, String prompt, NDManager manager) {
    int length = ClipTokenizer.CONTEXT_LENGTH;
    long[] ids = new long[2 * windows * length];
    long[][] negativeIds = tokenizer.encodeWindows(negative, windows);
    long[][] promptIds = tokenizer.encodeWindows(prompt, windows);
    for (int w = 0; w < windows; w++) {
      System.arraycopy(negativeIds[w], 0, ids, w * length, length);
      System.arraycopy(promptIds[w], 0, ids, (windows + w) * length, length);
    }
    NDArray tokens = manager.create(ids, new Shape(2, windows, length));
    NDArray contexts = textEncoder.forwardWindows(tokens, clipSkip);
    tokens.close();
    return contexts;
  }
}
