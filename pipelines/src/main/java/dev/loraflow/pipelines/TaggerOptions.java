package dev.loraflow.pipelines;

import dev.loraflow.transforms.tagging.MergeMode;
import dev.loraflow.transforms.tagging.Wd14Tagger;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.TagPosition;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Auto-tagging, the guide's "WD14 Captioning" step. Defaults are {@link Wd14Tagger}'s; an enum's
 * default is spelled out because annotations take only constants, and {@code OptionDefaultsTest}
 * holds it to the library's.
 */
public interface TaggerOptions extends PipelineOptions {

  @Description("Auto-tagger: none (keep the source's captions) or wd14.")
  @Default.Enum("NONE")
  AutoTagger getTagger();

  void setTagger(AutoTagger value);

  @Description(
      "WD14 model: a folder holding model.onnx and selected_tags.csv (or model_optimized.onnx "
          + "and tag_mapping.json), or a Hugging Face repo id downloaded once into --taggerCacheDir: "
          + "owner/name for WD14 v2/v3, owner/name/subdir for a tag_mapping.json model, as in kohya.")
  @Default.String(Wd14Tagger.DEFAULT_MODEL)
  String getTaggerModel();

  void setTaggerModel(String value);

  @Description(
      "Branch, tag or commit of the --taggerModel repo; a commit pins the model. Each "
          + "revision has its own cache folder.")
  @Default.String(Wd14Tagger.DEFAULT_REVISION)
  String getTaggerRevision();

  void setTaggerRevision(String value);

  @Description(
      "File holding a Hugging Face token for private or gated tagger repos. Default: the "
          + "HF_TOKEN environment variable, else the token of huggingface-cli login. Never logged.")
  String getTaggerTokenFile();

  void setTaggerTokenFile(String value);

  @Description("Where downloaded tagger models are kept. Default: ~/.cache/loraflow/wd14.")
  String getTaggerCacheDir();

  void setTaggerCacheDir(String value);

  @Description("Lowest score for a general tag (kohya's default).")
  @Default.Float(Wd14Tagger.DEFAULT_GENERAL_THRESHOLD)
  float getGeneralThreshold();

  void setGeneralThreshold(float value);

  @Description("Lowest score for a character tag (kohya's default).")
  @Default.Float(Wd14Tagger.DEFAULT_CHARACTER_THRESHOLD)
  float getCharacterThreshold();

  void setCharacterThreshold(float value);

  @Description(
      "tag_mapping.json models: lowest score for a copyright tag (kohya's general default).")
  @Default.Float(Wd14Tagger.DEFAULT_GENERAL_THRESHOLD)
  float getCopyrightThreshold();

  void setCopyrightThreshold(float value);

  @Description("tag_mapping.json models: lowest score for an artist tag (kohya's general default).")
  @Default.Float(Wd14Tagger.DEFAULT_GENERAL_THRESHOLD)
  float getArtistThreshold();

  void setArtistThreshold(float value);

  @Description("tag_mapping.json models: lowest score for a meta tag (kohya's general default).")
  @Default.Float(Wd14Tagger.DEFAULT_GENERAL_THRESHOLD)
  float getMetaThreshold();

  void setMetaThreshold(float value);

  @Description("tag_mapping.json models: lowest score for a model tag (kohya's general default).")
  @Default.Float(Wd14Tagger.DEFAULT_GENERAL_THRESHOLD)
  float getModelThreshold();

  void setModelThreshold(float value);

  @Description("Images per inference batch.")
  @Default.Integer(Wd14Tagger.DEFAULT_BATCH_SIZE)
  int getTaggerBatchSize();

  void setTaggerBatchSize(int value);

  @Description(
      "How tagger tags meet existing captions: replace, append (without duplicates), or "
          + "only_untagged (tag only images that have no tags).")
  @Default.Enum("REPLACE")
  MergeMode getTaggerMerge();

  void setTaggerMerge(MergeMode value);

  @Description("Where the tagger runs: cpu, or cuda (falls back to the CPU where CUDA is missing).")
  @Default.Enum("CPU")
  ExecutionProvider getTaggerDevice();

  void setTaggerDevice(ExecutionProvider value);

  @Description("Put character tags before general tags (kohya --character_tags_first).")
  @Default.Boolean(false)
  boolean getCharacterTagsFirst();

  void setCharacterTagsFirst(boolean value);

  @Description(
      "Write name_(series) character tags as two tags, name and series "
          + "(kohya --character_tag_expand).")
  @Default.Boolean(false)
  boolean getCharacterTagExpand();

  void setCharacterTagExpand(boolean value);

  @Description(
      "Write the rating label (general, sensitive, ...) in the caption: none, first or last "
          + "(kohya --use_rating_tags / --use_rating_tags_as_last_tag).")
  @Default.Enum("NONE")
  TagPosition getTaggerRatingTag();

  void setTaggerRatingTag(TagPosition value);

  @Description(
      "tag_mapping.json models: write the quality label (masterpiece, ...) in the caption: "
          + "none, first or last (kohya --use_quality_tags / --use_quality_tags_as_last_tag).")
  @Default.Enum("NONE")
  TagPosition getTaggerQualityTag();

  void setTaggerQualityTag(TagPosition value);
}
