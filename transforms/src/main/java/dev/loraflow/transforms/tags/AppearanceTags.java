package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.TagNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tags describe how a character looks (hair colour, length and style, eyes, body, the parts
 * of an outfit) rather than the picture (framing, pose, expression, background): the only tags
 * {@link PruneCoreTraits} may take for a character's base form.
 *
 * <p>A pattern is a tag in which {@code *} stands for any text ({@code * hair} matches {@code brown
 * hair} and {@code very long hair}); a pattern starting with {@code !} is an exception ({@code
 * !closed eyes}). A tag is an appearance tag when it matches a pattern and no exception. Patterns
 * are normalized like tags ({@code *_hair} = {@code * hair}).
 */
public final class AppearanceTags implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The default patterns: imgutils' core character tags (hair, eyes, skin, ears, horns...; its
   * exceptions {@code closed eyes}, {@code half-closed eyes}, {@code empty eyes}, {@code pubic
   * hair}) and Danbooru's clothing groups (dress, shirt, sleeves, bow, ribbon, ascot, hat,
   * footwear...).
   */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          // hair: colour, length, style and what is worn in it
          "* hair",
          "hair *",
          "sidelocks",
          "bangs",
          "* bangs",
          "ahoge",
          "ponytail",
          "* ponytail",
          "twintails",
          "* twintails",
          "braid",
          "braids",
          "* braid",
          "* braids",
          "* bun",
          "drills",
          "* drills",
          "* updo",
          "hairband",
          "* hairband",
          "* haircut",
          // eyes, face and body
          "* eyes",
          "* pupils",
          "heterochromia",
          "* eyebrows",
          "* eyelashes",
          "* sclera",
          "* skin",
          "* ears",
          "horns",
          "* horns",
          "* horn",
          "tail",
          "* tail",
          "wings",
          "* wings",
          "halo",
          "* breasts",
          "freckles",
          "mole *",
          "* mole",
          "fang",
          "fangs",
          "beard",
          "* beard",
          "mustache",
          // the outfit, piece by piece
          "* clothes",
          "miko",
          "* miko",
          "* uniform",
          "serafuku",
          "dress",
          "* dress",
          "skirt",
          "* skirt",
          "shirt",
          "* shirt",
          "blouse",
          "* blouse",
          "* sleeves",
          "sleeveless *",
          "ascot",
          "* ascot",
          "bow",
          "* bow",
          "bowtie",
          "* bowtie",
          "ribbon",
          "* ribbon",
          "necktie",
          "* necktie",
          "* collar",
          "kimono",
          "* kimono",
          "obi",
          "sash",
          "* sash",
          "jacket",
          "* jacket",
          "coat",
          "* coat",
          "vest",
          "* vest",
          "hoodie",
          "* hoodie",
          "sweater",
          "* sweater",
          "cardigan",
          "* cardigan",
          "suit",
          "* suit",
          "gloves",
          "* gloves",
          "thighhighs",
          "* thighhighs",
          "pantyhose",
          "* pantyhose",
          "* legwear",
          "socks",
          "* socks",
          "* footwear",
          "boots",
          "* boots",
          "shoes",
          "* shoes",
          "sandals",
          "hat",
          "* hat",
          "* headwear",
          "headband",
          "* headband",
          "hood",
          "* hood",
          "cape",
          "* cape",
          "cloak",
          "* cloak",
          "scarf",
          "* scarf",
          "choker",
          "* choker",
          "earrings",
          "* earrings",
          "necklace",
          "* necklace",
          "apron",
          "* apron",
          "frills",
          "* frills",
          "frilled *",
          "* ornament",
          "shorts",
          "* shorts",
          "pants",
          "* pants",
          "belt",
          "* belt",
          "armor",
          "* armor",
          "glasses",
          "* glasses",
          "* eyewear",
          "bikini",
          "* bikini",
          "swimsuit",
          "* swimsuit",
          "leotard",
          "* leotard",
          // what the face and hair do in this picture, not how they always are
          "!closed eyes",
          "!half-closed eyes",
          "!empty eyes",
          "!covering *",
          "!pubic hair",
          "!* own hair",
          "!hair blowing",
          "!floating hair",
          "!wet hair",
          "!hair flip");

  private static final AppearanceTags DEFAULTS = of(DEFAULT_PATTERNS);

  private final List<String> patterns;
  private transient List<Pattern> included;
  private transient List<Pattern> excluded;

  private AppearanceTags(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  public static AppearanceTags defaults() {
    return DEFAULTS;
  }

  /** Exactly these patterns ({@code !pattern}: an exception). */
  public static AppearanceTags of(List<String> patterns) {
    List<String> cleaned = new ArrayList<>();
    for (String pattern : patterns) {
      boolean exception = pattern.strip().startsWith("!");
      String tag = TagNames.normalize(exception ? pattern.strip().substring(1) : pattern);
      if (tag.isEmpty() || tag.replace("*", "").isBlank()) {
        throw new IllegalArgumentException(
            "AppearanceTags.of: pattern '" + pattern + "' names no tag");
      }
      cleaned.add(exception ? "!" + tag : tag);
    }
    return new AppearanceTags(cleaned);
  }

  /** Whether {@code tag} (normalized) describes how the character looks. */
  public boolean matches(String tag) {
    if (included == null) {
      compile();
    }
    return included.stream().anyMatch(p -> p.matcher(tag).matches())
        && excluded.stream().noneMatch(p -> p.matcher(tag).matches());
  }

  public List<String> patterns() {
    return patterns;
  }

  private void compile() {
    List<Pattern> in = new ArrayList<>();
    List<Pattern> out = new ArrayList<>();
    for (String pattern : patterns) {
      boolean exception = pattern.startsWith("!");
      (exception ? out : in).add(glob(exception ? pattern.substring(1) : pattern));
    }
    excluded = out;
    included = in;
  }

  private static Pattern glob(String pattern) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      regex.append(".*").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return String.join(", ", patterns);
  }
}
