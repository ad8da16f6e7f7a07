package dev.loraflow.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.loraflow.transforms.model.TagCategory;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the images come from when it is not a local folder: a booru search. */
public interface BooruOptions extends PipelineOptions {

  @Description(
      "Where images come from: folder (with --input), or a booru: danbooru, gelbooru, "
          + "safebooru, yandere, konachan, e621.")
  @Default.Enum("FOLDER")
  ImageSource getSource();

  void setSource(ImageSource value);

  @Description(
      "The booru search, space-separated as typed on the site, e.g. \"hakurei_reimu solo\".")
  String getBooruTags();

  void setBooruTags(String value);

  /** The name {@link #getBooruTags} had before options were named by what they act on. */
  @Deprecated
  @Description("Deprecated: use --booruTags.")
  String getTags();

  /**
   * @deprecated use {@link #setBooruTags}.
   */
  @Deprecated
  void setTags(String value);

  @Description(
      "Booru account login (Gelbooru: the numeric user id). Also read from "
          + "LORAFLOW_<SITE>_LOGIN or the credentials file.")
  String getLogin();

  void setLogin(String value);

  // Never serialized with the options a runner ships or shows; cleared once read.
  @JsonIgnore
  @Description(
      "Booru API key from the account page. Also read from LORAFLOW_<SITE>_API_KEY or the "
          + "credentials file. Never logged or written anywhere.")
  String getApiKey();

  void setApiKey(String value);

  @Description(
      "Properties file with <site>.login and <site>.apiKey lines. "
          + "Default: ~/.config/loraflow/booru.properties.")
  String getCredentialsFile();

  void setCredentialsFile(String value);

  @Description("The booru's address, for mirrors and self-hosted servers. Default: the site's own.")
  String getBaseUrl();

  void setBaseUrl(String value);

  @Description("The most posts to download after filters; 0 for no limit.")
  @Default.Integer(0)
  int getMaxPosts();

  void setMaxPosts(int value);

  @Description("Ratings to keep, comma-separated: g (general), s (sensitive), q, e. Default: all.")
  List<String> getRatings();

  void setRatings(List<String> value);

  @Description("Skip posts scoring below this.")
  Integer getMinScore();

  void setMinScore(Integer value);

  @Description("Skip posts with any of these tags (comma-separated).")
  List<String> getBlacklist();

  void setBlacklist(List<String> value);

  @Description(
      "Tag categories that go into the caption, in order: general, character, copyright, "
          + "artist, meta (Grabber's %general% vs %all%). Default: general.")
  List<TagCategory> getCaptionCategories();

  void setCaptionCategories(List<TagCategory> value);

  @Description("API requests per second to the booru. Default: the site's polite rate (about 1/s).")
  Double getRequestsPerSecond();

  void setRequestsPerSecond(Double value);
}
