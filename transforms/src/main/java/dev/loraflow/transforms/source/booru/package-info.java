/**
 * Booru sources: searches on Danbooru, Gelbooru, Safebooru, Moebooru (yande.re, konachan) and e621
 * read as undecoded {@link dev.loraflow.transforms.model.Sample}s plus rejects.
 *
 * <p>Public surface: {@link dev.loraflow.transforms.source.booru.BooruSite} (which site), {@link
 * dev.loraflow.transforms.source.booru.BooruQuery} (one search and its filters, immutable and
 * serializable), {@link dev.loraflow.transforms.source.booru.BooruCredentials} (an account from
 * options, environment or file; the key never printed), {@link
 * dev.loraflow.transforms.source.booru.BooruSource} (the transform) and {@link
 * dev.loraflow.transforms.source.booru.BooruSummary} (the end-of-run report). Each API family's
 * paging and JSON mapping, the shared OkHttp client and its interceptors (User-Agent, auth, rate
 * limit, retry) stay package-private.
 */
package dev.loraflow.transforms.source.booru;
