package dev.loraflow.transforms.source.booru;

/**
 * Why a listed post was not downloaded: the kind, for counting, and the detail, for the reject.
 *
 * @param kind counted per site in progress and summary
 * @param detail a sentence for the rejects report
 */
record Skip(Kind kind, String detail) {

  enum Kind {
    HIDDEN("hidden"),
    FILE_TYPE("file type"),
    ANIMATED("animated"),
    RATING("rating"),
    SCORE("score"),
    SIZE("size"),
    BLACKLIST("blacklist"),
    DUPLICATE("duplicate md5"),
    FAILED("download failed");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }
}
