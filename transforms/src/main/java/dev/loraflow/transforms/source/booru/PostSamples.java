package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.ImageBytes;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.TagCategory;
import java.util.ArrayList;
import java.util.List;

/** Makes the undecoded {@link Sample} of a downloaded post. */
final class PostSamples {

  private PostSamples() {}

  /**
   * The sample of {@code post} with its verified {@code bytes}: every tag by category, and a
   * caption of the {@code captionCategories} in that order, names as the site spells them.
   */
  static Sample of(BooruPost post, ImageBytes bytes, List<TagCategory> captionCategories) {
    List<String> caption = new ArrayList<>();
    for (TagCategory category : captionCategories) {
      caption.addAll(post.tags().getOrDefault(category, List.of()));
    }
    return Sample.builder()
        .setId(post.key())
        .setSource(post.site().id())
        .setUri(post.fileUrl())
        .setPostUrl(post.postUrl())
        .setName(post.site().id() + "_" + post.id())
        .setContent(bytes)
        .setMd5(post.md5())
        .setTags(post.allTags())
        .setRating(post.rating())
        .setCaption(caption)
        .build();
  }
}
