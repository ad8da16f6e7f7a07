package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The guide's Reimu example ("Tagging a character properly") as a small booru-style dataset: the
 * guide's own picture with its INCORRECT tags, three more in her usual look, and two that depart
 * from it (a business suit with blonde hair, a bikini).
 */
final class ReimuDataset {
  /** The guide's INCORRECT TAGGING list, the caption of {@code reimu_1}. */
  static final List<String> INCORRECT =
      List.of(
          "1girl",
          "ascot",
          "blush",
          "bow",
          "brown hair",
          "closed mouth",
          "e.o",
          "hair between eyes",
          "hair bow",
          "hair tubes",
          "hakurei reimu",
          "highres",
          "japanese clothes",
          "long hair",
          "looking at viewer",
          "nontraditional miko",
          "red bow",
          "red eyes",
          "sidelocks",
          "simple background",
          "solo",
          "touhou",
          "upper body",
          "white background",
          "yellow ascot");

  /** The guide's CORRECT TAGGING list. */
  static final List<String> CORRECT =
      List.of(
          "hakurei reimu",
          "1girl",
          "closed mouth",
          "looking at viewer",
          "simple background",
          "solo",
          "upper body",
          "white background",
          "blush");

  /** Her hair and eyes, in every picture but the blonde one. */
  static final List<String> HAIR =
      List.of(
          "brown hair",
          "long hair",
          "hair between eyes",
          "hair bow",
          "hair tubes",
          "sidelocks",
          "bow",
          "red bow");

  /** Her miko outfit, in her usual pictures. */
  static final List<String> OUTFIT =
      List.of("japanese clothes", "nontraditional miko", "ascot", "yellow ascot");

  static final Set<String> NOT_GENERAL = Set.of("hakurei reimu", "touhou", "e.o", "highres");

  /** Every caption by sample name, in the order of the samples. */
  static final List<List<String>> CAPTIONS =
      List.of(
          INCORRECT,
          usual("full body", "outdoors", "smile", "standing"),
          usual("sitting", "indoors", "open mouth", "cowboy shot"),
          usual("from side", "night", "closed eyes", "upper body"),
          List.of(
              "1girl",
              "solo",
              "hakurei reimu",
              "touhou",
              "blonde hair",
              "long hair",
              "red eyes",
              "business suit",
              "black jacket",
              "office",
              "smile",
              "cowboy shot"),
          concat(
              List.of("1girl", "solo", "hakurei reimu", "touhou", "red eyes"),
              HAIR,
              List.of("bikini", "beach", "smile", "full body")));

  static final List<String> NAMES =
      List.of("reimu_1", "reimu_2", "reimu_3", "reimu_4", "reimu_suit", "reimu_bikini");

  private ReimuDataset() {}

  /** The samples, with booru categories where the tags are not general ones. */
  static List<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < CAPTIONS.size(); i++) {
      samples.add(sample(NAMES.get(i), CAPTIONS.get(i)));
    }
    return samples;
  }

  static Sample sample(String name, List<String> caption) {
    List<Tag> tags = new ArrayList<>();
    for (String tag : caption) {
      tags.add(Tag.of(tag, category(tag)));
    }
    return Sample.builder()
        .setId("test:" + name)
        .setSource("test")
        .setUri("/" + name + ".png")
        .setName(name)
        .setBytes(new byte[] {1})
        .setTags(tags)
        .setCaption(caption)
        .build();
  }

  static TagCategory category(String tag) {
    return switch (tag) {
      case "hakurei reimu" -> TagCategory.CHARACTER;
      case "touhou" -> TagCategory.COPYRIGHT;
      case "e.o" -> TagCategory.ARTIST;
      case "highres" -> TagCategory.META;
      default -> TagCategory.GENERAL;
    };
  }

  private static List<String> usual(String... composition) {
    return concat(
        List.of("1girl", "solo", "hakurei reimu", "touhou", "red eyes"),
        HAIR,
        OUTFIT,
        List.of(composition));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return List.copyOf(all);
  }
}
