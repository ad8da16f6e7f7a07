package dev.loraflow.pipelines;

import dev.loraflow.transforms.tags.knowledge.TagData;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What the recipes know of booru tags, and what they do with it: drop implied tags, flag (and fix)
 * tags that are no real tags. The knowledge is Danbooru's, fetched once and cached.
 */
public interface TagDataOptions extends PipelineOptions {

  @Description(
      "Danbooru's tag implications, aliases and tag counts: cached (use what is cached, never the"
          + " network), fetch (fetch once when nothing is cached, about 150 requests), refresh"
          + " (fetch again; without network the cache is used).")
  @Default.Enum("CACHED")
  TagData.Mode getTagData();

  void setTagData(TagData.Mode value);

  @Description("Where the tag data is cached. Default: ~/.cache/loraflow/tags.")
  @Default.InstanceFactory(CacheDirFactory.class)
  String getTagCacheDir();

  void setTagCacheDir(String value);

  @Description("The Danbooru the tag data comes from (a mirror, a test server).")
  @Default.String("https://danbooru.donmai.us")
  String getTagDataUrl();

  void setTagDataUrl(String value);

  @Description("Fetch only tags on at least this many posts (the rarer ones count as unknown).")
  @Default.Long(TagData.DEFAULT_MIN_POST_COUNT)
  long getTagMinPosts();

  void setTagMinPosts(long value);

  @Description(
      "Drop a tag another tag of the caption implies (very long hair: drop long hair; red bow:"
          + " drop bow), from Danbooru's implications, or without them the colour + item rule."
          + " Default: true for the style recipe, false for the character recipe.")
  Boolean getDropImpliedTags();

  void setDropImpliedTags(Boolean value);

  @Description(
      "Flag every caption tag that is not a known tag (Danbooru's tags, the WD14 model's labels)"
          + " in tags-report.json, with real tags to write instead.")
  @Default.Boolean(true)
  boolean getCheckTags();

  void setCheckTags(boolean value);

  @Description(
      "Apply the clear suggestions of the tag check: an alias, a colour + item split (red_boots:"
          + " red footwear, boots), a single nearest spelling.")
  @Default.Boolean(false)
  boolean getFixTags();

  void setFixTags(boolean value);

  /** {@link TagData#defaultCacheDir()}. */
  class CacheDirFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return TagData.defaultCacheDir().toString();
    }
  }
}
