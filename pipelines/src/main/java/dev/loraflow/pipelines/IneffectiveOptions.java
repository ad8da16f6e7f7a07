package dev.loraflow.pipelines;

import dev.loraflow.transforms.tags.knowledge.TagData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Options that were given but do nothing in this run, such as a booru filter on a folder input or a
 * tagger setting without a tagger: a warning each, since the user expected them to matter.
 */
final class IneffectiveOptions {

  private static final List<String> BOORU_ONLY =
      List.of(
          "booruTags",
          "tags",
          "login",
          "apiKey",
          "credentialsFile",
          "baseUrl",
          "maxPosts",
          "ratings",
          "minScore",
          "blacklist",
          "captionCategories",
          "requestsPerSecond");

  private static final List<String> FOLDER_ONLY = List.of("recursive");

  private static final List<String> TAGGER_ONLY =
      List.of(
          "taggerModel",
          "taggerRevision",
          "taggerTokenFile",
          "taggerCacheDir",
          "generalThreshold",
          "characterThreshold",
          "copyrightThreshold",
          "artistThreshold",
          "metaThreshold",
          "modelThreshold",
          "taggerBatchSize",
          "taggerMerge",
          "taggerDevice",
          "characterTagsFirst",
          "characterTagExpand",
          "taggerRatingTag",
          "taggerQualityTag");

  /** What tunes the character recipe's automatic pruning of permanent traits. */
  private static final List<String> AUTO_PRUNE_ONLY = List.of("keepTags", "traitShare");

  private IneffectiveOptions() {}

  /** One warning per option in {@code given} that {@code options} make ineffective. */
  static List<String> warnings(RecipeOptions options, Set<String> given) {
    List<String> warnings = new ArrayList<>();
    boolean folder = RecipeParts.isFolder(options);
    String source = "--source=" + options.getSource();
    for (String name : given) {
      if (folder && BOORU_ONLY.contains(name)) {
        warnings.add(warning(name, source, "it applies to booru sources"));
      } else if (!folder && FOLDER_ONLY.contains(name)) {
        warnings.add(warning(name, source, "it applies to --source=FOLDER"));
      } else if (options.getTagger() == AutoTagger.NONE && TAGGER_ONLY.contains(name)) {
        warnings.add(warning(name, "--tagger=NONE", "set --tagger=WD14 to tag images"));
      } else if (!options.getDropNearDuplicates() && name.equals("nearDuplicateDistance")) {
        warnings.add(warning(name, "--dropNearDuplicates=false", "near-duplicates are all kept"));
      } else if (!options.getCheckTags() && name.equals("fixTags")) {
        warnings.add(warning(name, "--checkTags=false", "only the tags checked are fixed"));
      } else if (options.getTagData() == TagData.Mode.CACHED && name.equals("tagMinPosts")) {
        // The cache is read as it was fetched; --tagDataUrl still picks which cache.
        warnings.add(warning(name, "--tagData=cached", "it limits a fetch; set --tagData=refresh"));
      } else if (AUTO_PRUNE_ONLY.contains(name) && autoPruneOff(options)) {
        warnings.add(
            warning(
                name,
                "--autoPrune=false",
                "it tunes the automatic pruning; --removeTags" + " still removes"));
      }
    }
    return warnings;
  }

  private static boolean autoPruneOff(RecipeOptions options) {
    return options instanceof CharacterOptions character
        && !Boolean.TRUE.equals(character.getAutoPrune());
  }

  private static String warning(String name, String setting, String why) {
    return "loraflow: warning: --" + name + " has no effect with " + setting + " (" + why + ").";
  }
}
