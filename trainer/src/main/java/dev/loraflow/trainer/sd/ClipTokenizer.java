package dev.loraflow.trainer.sd;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * CLIP's byte-level BPE tokenizer as SD 1.x uses it: text cleaned and lower-cased, split by CLIP's
 * pre-token pattern, each piece's UTF-8 bytes mapped to printable characters, then merged by rank.
 * Prompts become 77 ids: BOS, up to 75 tokens, EOS, padded with EOS (as SD1, A1111 and kohya do).
 */
public final class ClipTokenizer {

  public static final int BOS = 49406;
  public static final int EOS = 49407;

  /** Tokens per window between BOS and EOS. */
  public static final int WINDOW_TOKENS = 75;

  public static final int CONTEXT_LENGTH = WINDOW_TOKENS + 2;

  /** CLIP uses the first 49152 - 256 - 2 merges of the file (README of reference/clip). */
  private static final int CLIP_MERGES = 49152 - 256 - 2;

  private static final Pattern PRE_TOKEN =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final Map<String, Integer> vocabulary;
  private final Map<String, Integer> mergeRanks;
  private final String[] byteToChar = byteCharacters();
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  private ClipTokenizer(Map<String, Integer> vocabulary, Map<String, Integer> mergeRanks) {
    this.vocabulary = vocabulary;
    this.mergeRanks = mergeRanks;
  }

  /** The tokenizer of SD 1.x (CLIP ViT-L/14), from the merges file bundled with loraflow. */
  public static ClipTokenizer sd15() {
    try (InputStream gz =
            Objects.requireNonNull(
                ClipTokenizer.class.getResourceAsStream("bpe_simple_vocab_16e6.txt.gz"),
                "bundled BPE merges");
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8))) {
      List<String> merges = reader.lines().skip(1).limit(CLIP_MERGES).toList();
      return fromMerges(merges);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled CLIP merges", e);
    }
  }

  /** A user's own Hugging Face {@code vocab.json} and {@code merges.txt}. */
  public static ClipTokenizer fromFiles(Path vocabJson, Path mergesTxt) throws IOException {
    Map<String, Integer> vocabulary =
        new ObjectMapper()
            .readValue(vocabJson.toFile(), new TypeReference<Map<String, Integer>>() {});
    List<String> merges =
        Files.readAllLines(mergesTxt, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.startsWith("#version") && !line.isBlank())
            .toList();
    return new ClipTokenizer(Map.copyOf(vocabulary), ranks(merges));
  }

  /**
   * CLIP's vocabulary order: bytes, bytes + {@code </w>}, one entry per merge, then BOS and EOS.
   */
  private static ClipTokenizer fromMerges(List<String> merges) {
    Map<String, Integer> vocabulary = new HashMap<>();
    List<String> bytes = List.of(byteCharactersInVocabularyOrder());
    bytes.forEach(b -> vocabulary.put(b, vocabulary.size()));
    bytes.forEach(b -> vocabulary.put(b + "</w>", vocabulary.size()));
    merges.forEach(m -> vocabulary.put(m.replace(" ", ""), vocabulary.size()));
    vocabulary.put("<|startoftext|>", vocabulary.size());
    vocabulary.put("<|endoftext|>", vocabulary.size());
    return new ClipTokenizer(Map.copyOf(vocabulary), ranks(merges));
  }

  private static Map<String, Integer> ranks(List<String> merges) {
    Map<String, Integer> ranks = new HashMap<>();
    for (String merge : merges) {
      ranks.putIfAbsent(merge, ranks.size());
    }
    return Map.copyOf(ranks);
  }

  /** Token ids of {@code text}, without BOS/EOS and without a length limit. */
  public List<Integer> encode(String text) {
    List<Integer> ids = new ArrayList<>();
    Matcher matcher = PRE_TOKEN.matcher(clean(text));
    while (matcher.find()) {
      StringBuilder mapped = new StringBuilder();
      for (byte b : matcher.group().getBytes(StandardCharsets.UTF_8)) {
        mapped.append(byteToChar[b & 0xFF]);
      }
      for (String token : cache.computeIfAbsent(mapped.toString(), this::bpe)) {
        Integer id = vocabulary.get(token);
        if (id == null) {
          throw new IllegalStateException(
              "BPE produced '" + token + "', which is not in the vocabulary");
        }
        ids.add(id);
      }
    }
    return ids;
  }

  /** SD 1.x prompt ids: BOS, the first 75 tokens, EOS, EOS padding to 77. */
  public long[] encodeForSd(String text) {
    return encodeWindows(text, 1)[0];
  }

  /**
   * Long prompts as kohya's {@code --max_token_length} 150/225 do: the first {@code 75 * windows}
   * tokens, then EOS and EOS padding, cut into windows of 75 that each get their own BOS and EOS.
   */
  public long[][] encodeWindows(String text, int windows) {
    if (windows < 1 || windows > 3) {
      throw new IllegalArgumentException(
          "windows must be 1, 2 or 3 (75, 150 or 225 tokens), got " + windows);
    }
    List<Integer> ids = encode(text);
    int capacity = WINDOW_TOKENS * windows;
    long[] body = new long[capacity];
    java.util.Arrays.fill(body, EOS);
    for (int i = 0; i < Math.min(ids.size(), capacity); i++) {
      body[i] = ids.get(i);
    }
    long[][] result = new long[windows][CONTEXT_LENGTH];
    for (int w = 0; w < windows; w++) {
      result[w][0] = BOS;
      System.arraycopy(body, w * WINDOW_TOKENS, result[w], 1, WINDOW_TOKENS);
      result[w][CONTEXT_LENGTH - 1] = EOS;
    }
    return result;
  }

  /**
   * CLIP's cleaning: Unicode NFC, HTML entities unescaped twice, whitespace collapsed, lower case.
   */
  static String clean(String text) {
    String cleaned = Normalizer.normalize(text, Normalizer.Form.NFC);
    cleaned = HtmlUnescape.unescape(HtmlUnescape.unescape(cleaned));
    return WHITESPACE.matcher(cleaned).replaceAll(" ").strip().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Merges the lowest-ranked adjacent pair until none is left (the last symbol carries {@code
   * </w>}).
   */
  private List<String> bpe(String piece) {
    List<String> word = new ArrayList<>();
    piece.codePoints().forEach(cp -> word.add(Character.toString(cp)));
    word.set(word.size() - 1, word.get(word.size() - 1) + "</w>");
    while (word.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      String bestFirst = null;
      String bestSecond = null;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer rank = mergeRanks.get(word.get(i) + " " + word.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          bestFirst = word.get(i);
          bestSecond = word.get(i + 1);
        }
      }
      if (bestFirst == null) {
        break;
      }
      List<String> merged = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size()
            && word.get(i).equals(bestFirst)
            && word.get(i + 1).equals(bestSecond)) {
          merged.add(bestFirst + bestSecond);
          i++;
        } else {
          merged.add(word.get(i));
        }
      }
      word.clear();
      word.addAll(merged);
    }
    return word;
  }

  /** GPT-2's reversible byte → printable character map, indexed by byte value. */
  private static String[] byteCharacters() {
    String[] ordered = byteCharactersInVocabularyOrder();
    int[] bytes = bytesInVocabularyOrder();
    String[] byByte = new String[256];
    for (int i = 0; i < 256; i++) {
      byByte[bytes[i]] = ordered[i];
    }
    return byByte;
  }

  /** Printable bytes keep their own character; the rest map to 256, 257, ... in byte order. */
  private static String[] byteCharactersInVocabularyOrder() {
    int[] bytes = bytesInVocabularyOrder();
    String[] chars = new String[256];
    int next = 256;
    for (int i = 0; i < 256; i++) {
      chars[i] = Character.toString(isPrintable(bytes[i]) ? bytes[i] : next++);
    }
    return chars;
  }

  private static int[] bytesInVocabularyOrder() {
    int[] order = new int[256];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        order[n++] = b;
      }
    }
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        order[n++] = b;
      }
    }
    return order;
  }

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }
}
