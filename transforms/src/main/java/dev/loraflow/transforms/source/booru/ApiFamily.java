package dev.loraflow.transforms.source.booru;

/** The API dialects loraflow speaks; several sites share one. */
enum ApiFamily {
  /** Danbooru 2.x: {@code /posts.json}, per-category tag strings, HTTP Basic. */
  DANBOORU,
  /** Gelbooru 0.2 dapi: {@code /index.php?page=dapi}, {@code api_key} + {@code user_id}. */
  GELBOORU,
  /** Moebooru (yande.re, konachan): {@code /post.json}, tags without categories. */
  MOEBOORU,
  /** e621 / e926: the {@code posts} wrapper, tags grouped by category, HTTP Basic. */
  E621
}
