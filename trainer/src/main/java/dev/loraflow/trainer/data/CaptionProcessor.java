package dev.loraflow.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * kohya's {@code process_caption}, in its order: prefix and suffix, whole-caption dropout, then
 * (only when shuffling or tag dropout is on) split on the separator, keep the fixed tokens, shuffle
 * the rest, drop tags, join with {@code ", "}; finally the secondary separator becomes the
 * separator. Every random choice comes from the {@link Random} given, so a caption is reproducible
 * from its seed. Token warm-up and wildcards are not supported.
 */
public final class CaptionProcessor {

  private final String prefix;
  private final String suffix;
  private final double dropoutRate;
  private final int dropoutEveryNEpochs;
  private final double tagDropoutRate;
  private final boolean shuffle;
  private final int keepTokens;
  private final String keepTokensSeparator;
  private final String separator;
  private final String secondarySeparator;

  private CaptionProcessor(
      String prefix,
      String suffix,
      double dropoutRate,
      int dropoutEveryNEpochs,
      double tagDropoutRate,
      boolean shuffle,
      int keepTokens,
      String keepTokensSeparator,
      String separator,
      String secondarySeparator) {
    this.prefix = prefix;
    this.suffix = suffix;
    this.dropoutRate = dropoutRate;
    this.dropoutEveryNEpochs = dropoutEveryNEpochs;
    this.tagDropoutRate = tagDropoutRate;
    this.shuffle = shuffle;
    this.keepTokens = keepTokens;
    this.keepTokensSeparator = keepTokensSeparator;
    this.separator = separator;
    this.secondarySeparator = secondarySeparator;
  }

  /** kohya's defaults: separator {@code ","}, everything else off; captions pass unchanged. */
  public static CaptionProcessor create() {
    return new CaptionProcessor("", "", 0, 0, 0, false, 0, "", ",", "");
  }

  /** Text put before every caption, joined with a space. */
  public CaptionProcessor withPrefix(String text) {
    return new CaptionProcessor(
        nonNull(text, "withPrefix"),
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** Text put after every caption, joined with a space. */
  public CaptionProcessor withSuffix(String text) {
    return new CaptionProcessor(
        prefix,
        nonNull(text, "withSuffix"),
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** The probability that a whole caption becomes empty. */
  public CaptionProcessor withDropoutRate(double rate) {
    return new CaptionProcessor(
        prefix,
        suffix,
        rate(rate, "withDropoutRate"),
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** Every caption is empty in epochs divisible by {@code n} (0: never). */
  public CaptionProcessor withDropoutEveryNEpochs(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "CaptionProcessor.withDropoutEveryNEpochs: expected n >= 0, got " + n);
    }
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        n,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** The probability that each tag outside the fixed part is dropped. */
  public CaptionProcessor withTagDropoutRate(double rate) {
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        rate(rate, "withTagDropoutRate"),
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** Whether the tags outside the fixed part are shuffled. */
  public CaptionProcessor withShuffle(boolean on) {
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        on,
        keepTokens,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /** How many leading tags stay in place (used when the keep-tokens separator is absent). */
  public CaptionProcessor withKeepTokens(int count) {
    if (count < 0) {
      throw new IllegalArgumentException(
          "CaptionProcessor.withKeepTokens: expected a count >= 0, got " + count);
    }
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        count,
        keepTokensSeparator,
        separator,
        secondarySeparator);
  }

  /**
   * A marker such as {@code |||}: the tags before it stay in place, and so do those after a second
   * occurrence (a fixed suffix). Empty: off.
   */
  public CaptionProcessor withKeepTokensSeparator(String marker) {
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        nonNull(marker, "withKeepTokensSeparator"),
        separator,
        secondarySeparator);
  }

  /** The tag separator, {@code ","} by default. */
  public CaptionProcessor withSeparator(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("CaptionProcessor.withSeparator: must not be empty");
    }
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        text,
        secondarySeparator);
  }

  /**
   * A marker such as {@code ;;;} that joins tags into one unit while shuffling and becomes the
   * separator afterwards. Empty: off.
   */
  public CaptionProcessor withSecondarySeparator(String marker) {
    return new CaptionProcessor(
        prefix,
        suffix,
        dropoutRate,
        dropoutEveryNEpochs,
        tagDropoutRate,
        shuffle,
        keepTokens,
        keepTokensSeparator,
        separator,
        nonNull(marker, "withSecondarySeparator"));
  }

  /**
   * The caption for one use of an image.
   *
   * @param epoch the 1-based epoch (kohya's {@code current_epoch}), for the every-n-epochs dropout
   */
  public String process(String caption, int epoch, Random random) {
    String text = caption;
    if (!prefix.isEmpty()) {
      text = prefix + " " + text;
    }
    if (!suffix.isEmpty()) {
      text = text + " " + suffix;
    }
    // Draws only when the rate is on, so turning dropout off leaves later draws unchanged.
    boolean dropped = dropoutRate > 0 && random.nextDouble() < dropoutRate;
    dropped |= dropoutEveryNEpochs > 0 && epoch % dropoutEveryNEpochs == 0;
    if (dropped) {
      return "";
    }
    if (shuffle || tagDropoutRate > 0) {
      text = shuffleAndDrop(text, random);
    }
    return secondarySeparator.isEmpty() ? text : text.replace(secondarySeparator, separator);
  }

  private String shuffleAndDrop(String text, Random random) {
    List<String> fixed = new ArrayList<>();
    List<String> flex;
    List<String> fixedSuffix = new ArrayList<>();
    int marker = keepTokensSeparator.isEmpty() ? -1 : text.indexOf(keepTokensSeparator);
    if (marker >= 0) {
      fixed.addAll(nonEmptyTokens(text.substring(0, marker)));
      String rest = text.substring(marker + keepTokensSeparator.length());
      int second = rest.indexOf(keepTokensSeparator);
      if (second >= 0) {
        fixedSuffix.addAll(nonEmptyTokens(rest.substring(second + keepTokensSeparator.length())));
        rest = rest.substring(0, second);
      }
      flex = nonEmptyTokens(rest);
    } else {
      // kohya keeps empty tokens here (a trailing comma leaves one).
      List<String> tokens = new ArrayList<>();
      for (String token : split(text.strip())) {
        tokens.add(token.strip());
      }
      int keep = Math.min(keepTokens, tokens.size());
      fixed.addAll(tokens.subList(0, keep));
      flex = new ArrayList<>(tokens.subList(keep, tokens.size()));
    }
    if (shuffle) {
      Collections.shuffle(flex, random);
    }
    if (tagDropoutRate > 0) {
      flex.removeIf(token -> random.nextDouble() < tagDropoutRate);
    }
    List<String> all = new ArrayList<>(fixed);
    all.addAll(flex);
    all.addAll(fixedSuffix);
    return String.join(", ", all);
  }

  private List<String> nonEmptyTokens(String part) {
    List<String> tokens = new ArrayList<>();
    for (String token : split(part)) {
      if (!token.strip().isEmpty()) {
        tokens.add(token.strip());
      }
    }
    return tokens;
  }

  private List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int at;
    while ((at = text.indexOf(separator, start)) >= 0) {
      parts.add(text.substring(start, at));
      start = at + separator.length();
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static double rate(double rate, String method) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "CaptionProcessor." + method + ": expected a rate in [0, 1], got " + rate);
    }
    return rate;
  }

  private static String nonNull(String text, String method) {
    if (text == null) {
      throw new IllegalArgumentException("CaptionProcessor." + method + ": must not be null");
    }
    return text;
  }
}
