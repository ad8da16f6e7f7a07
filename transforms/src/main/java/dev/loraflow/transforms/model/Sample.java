package dev.loraflow.transforms.model;

import com.google.auto.value.AutoValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One image and what is known of it: the element of every loraflow {@code PCollection}.
 *
 * <p>A sample is a value: stages return a changed copy ({@link #toBuilder()}), never mutate one.
 * The {@link #caption()} is the ordered tag list that ends up in the kohya {@code .txt}; {@link
 * #tags()} keeps everything the sources and taggers said, by category and with scores, so later
 * rules can still use tags that the caption left out.
 *
 * <p>Fields that a later stage fills (hash, format, size) are empty strings, empty or 0 until then.
 */
@AutoValue
@DefaultCoder(SampleCoder.class)
public abstract class Sample {

  /** Stable id: source plus post id, or source plus relative path for local files. */
  public abstract String id();

  /** Which source produced it, e.g. {@code folder} or {@code danbooru}. */
  public abstract String source();

  /** Where the bytes came from: a file path or a URL without credentials. */
  public abstract String uri();

  /** The post's page on its booru, where there is one. */
  public abstract @Nullable String postUrl();

  /** A base name for the written file, without extension (the layout makes it safe and unique). */
  public abstract String name();

  /**
   * The encoded image, exactly as read or as re-encoded by a stage (e.g. alpha flattened): in
   * memory, or in a file that {@link #bytes()} reads.
   */
  public abstract ImageBytes content();

  /** The encoded image; read from its file each time when it is kept in one. */
  public byte[] bytes() {
    return content().read();
  }

  /** Lower-case hex MD5 of {@link #bytes()} as read from the source; empty until decoded. */
  public abstract String md5();

  /** What the bytes really are; empty until decoded. */
  public abstract Optional<ImageFormat> format();

  public abstract int width();

  public abstract int height();

  /** Every known tag with its category (and score, from a tagger). */
  public abstract List<Tag> tags();

  public abstract Rating rating();

  /** The ordered tags of the caption file. */
  public abstract List<String> caption();

  public abstract Builder toBuilder();

  /** A builder with the empty defaults of a sample that has not been decoded or tagged yet. */
  public static Builder builder() {
    return new AutoValue_Sample.Builder()
        .setMd5("")
        .setWidth(0)
        .setHeight(0)
        .setTags(List.of())
        .setRating(Rating.UNKNOWN)
        .setCaption(List.of());
  }

  /** The tags of one category, in the order the source gave them. */
  public List<Tag> tagsIn(TagCategory category) {
    List<Tag> result = new ArrayList<>();
    for (Tag tag : tags()) {
      if (tag.category() == category) {
        result.add(tag);
      }
    }
    return result;
  }

  /** Builds samples; lists are copied so a built sample never changes. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setId(String id);

    public abstract Builder setSource(String source);

    public abstract Builder setUri(String uri);

    public abstract Builder setPostUrl(@Nullable String postUrl);

    public abstract Builder setName(String name);

    public abstract Builder setContent(ImageBytes content);

    /** Holds {@code bytes} in memory. */
    public Builder setBytes(byte[] bytes) {
      return setContent(ImageBytes.of(bytes));
    }

    public abstract Builder setMd5(String md5);

    public abstract Builder setFormat(ImageFormat format);

    abstract Builder setFormat(Optional<ImageFormat> format);

    public abstract Builder setWidth(int width);

    public abstract Builder setHeight(int height);

    public abstract Builder setTags(List<Tag> tags);

    public abstract Builder setRating(Rating rating);

    public abstract Builder setCaption(List<String> caption);

    abstract List<Tag> tags();

    abstract List<String> caption();

    abstract Sample autoBuild();

    public Sample build() {
      setTags(List.copyOf(tags()));
      setCaption(List.copyOf(caption()));
      return autoBuild();
    }
  }
}
