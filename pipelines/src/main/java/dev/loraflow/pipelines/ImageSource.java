package dev.loraflow.pipelines;

import dev.loraflow.transforms.source.booru.BooruSite;
import java.util.Optional;

/** Where a recipe's images come from ({@code --source}): a local folder or a booru search. */
public enum ImageSource {
  FOLDER(null),
  DANBOORU(BooruSite.DANBOORU),
  GELBOORU(BooruSite.GELBOORU),
  SAFEBOORU(BooruSite.SAFEBOORU),
  YANDERE(BooruSite.YANDERE),
  KONACHAN(BooruSite.KONACHAN),
  E621(BooruSite.E621);

  private final BooruSite site;

  ImageSource(BooruSite site) {
    this.site = site;
  }

  /** The booru searched, or empty for {@link #FOLDER}. */
  Optional<BooruSite> booruSite() {
    return Optional.ofNullable(site);
  }
}
