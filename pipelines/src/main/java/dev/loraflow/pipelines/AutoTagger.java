package dev.loraflow.pipelines;

/** The auto-taggers a recipe can run ({@code --tagger}). */
public enum AutoTagger {
  /** Keep the source's captions. */
  NONE,
  /** {@link dev.loraflow.transforms.tagging.Wd14Tagger}, the guide's "WD14 Captioning" step. */
  WD14
}
