package dev.loraflow.transforms.source.booru;

import dev.loraflow.transforms.model.Rating;
import dev.loraflow.transforms.model.TagCategory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The wire form of a {@link BooruPost} between steps: every field in order, tags by category in
 * {@link TagCategory} order. Java serialization would cost several times more per post, and the
 * DirectRunner encodes each element more than once.
 */
final class BooruPostCoder extends CustomCoder<BooruPost> {

  private static final BooruPostCoder INSTANCE = new BooruPostCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  private BooruPostCoder() {}

  static BooruPostCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(BooruPost post, OutputStream out) throws IOException {
    INT.encode(post.query(), out);
    INT.encode(post.site().ordinal(), out);
    LONG.encode(post.id(), out);
    STRING.encode(post.md5(), out);
    STRING.encode(post.fileUrl(), out);
    STRING.encode(post.postUrl(), out);
    STRING.encode(post.extension(), out);
    INT.encode(post.width(), out);
    INT.encode(post.height(), out);
    INT.encode(post.score(), out);
    INT.encode(post.rating().ordinal(), out);
    for (TagCategory category : TagCategory.values()) {
      List<String> names = post.tags().getOrDefault(category, List.of());
      INT.encode(names.size(), out);
      for (String name : names) {
        STRING.encode(name, out);
      }
    }
  }

  @Override
  public BooruPost decode(InputStream in) throws IOException {
    int query = INT.decode(in);
    BooruSite site = BooruSite.values()[INT.decode(in)];
    long id = LONG.decode(in);
    String md5 = STRING.decode(in);
    String fileUrl = STRING.decode(in);
    String postUrl = STRING.decode(in);
    String extension = STRING.decode(in);
    int width = INT.decode(in);
    int height = INT.decode(in);
    int score = INT.decode(in);
    Rating rating = Rating.values()[INT.decode(in)];
    Map<TagCategory, List<String>> tags = new EnumMap<>(TagCategory.class);
    for (TagCategory category : TagCategory.values()) {
      int count = INT.decode(in);
      if (count > 0) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          names.add(STRING.decode(in));
        }
        tags.put(category, names);
      }
    }
    return BooruPost.builder(query, site, id)
        .md5(md5)
        .fileUrl(fileUrl)
        .postUrl(postUrl)
        .extension(extension)
        .size(width, height)
        .score(score)
        .rating(rating)
        .tags(tags)
        .build();
  }

  @Override
  public void verifyDeterministic() {
    // Fixed field order, categories in enum order, deterministic component coders.
  }
}
