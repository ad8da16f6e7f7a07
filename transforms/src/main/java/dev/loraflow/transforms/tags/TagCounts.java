package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.Tag;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.model.TagNames;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * How many images of a dataset have each caption tag (normalized, counted once per image), and the
 * category a source gave a tag where it gave one (a booru's character, copyright, artist and meta
 * tags): what a rule that needs the whole dataset decides from. Made by {@link #perDataset()}.
 */
public final class TagCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final NormalizeTags NORMALIZE = new NormalizeTags();

  private long images;
  private final Map<String, Long> counts = new HashMap<>();
  private final Map<String, TagCategory> categories = new HashMap<>();

  /** Counts of the given captions, every tag general: for tests and small tools. */
  public static TagCounts of(List<List<String>> captions) {
    TagCounts counts = new TagCounts();
    captions.forEach(caption -> counts.addCaption(caption));
    return counts;
  }

  /** Sums a dataset's samples into one {@code TagCounts} (an empty dataset: zero images). */
  public static Combine.CombineFn<Sample, TagCounts, TagCounts> perDataset() {
    return new CountFn();
  }

  /** Images counted. */
  public long images() {
    return images;
  }

  /** Images whose caption has {@code tag} (normalized). */
  public long imagesWith(String tag) {
    return counts.getOrDefault(tag, 0L);
  }

  /** The category a source gave {@code tag}, where it gave one other than general. */
  public Optional<TagCategory> category(String tag) {
    return Optional.ofNullable(categories.get(tag));
  }

  /** Every caption tag seen. */
  public Set<String> tags() {
    return Set.copyOf(counts.keySet());
  }

  private void add(Sample sample) {
    addCaption(sample.caption());
    for (Tag tag : sample.tags()) {
      if (tag.category() != TagCategory.GENERAL) {
        categories.put(TagNames.normalize(tag.name()), tag.category());
      }
    }
  }

  private void addCaption(List<String> caption) {
    images++;
    for (String tag : new HashSet<>(NORMALIZE.apply(caption))) {
      counts.merge(tag, 1L, Long::sum);
    }
  }

  private void addAll(TagCounts other) {
    images += other.images;
    other.counts.forEach((tag, n) -> counts.merge(tag, n, Long::sum));
    categories.putAll(other.categories);
  }

  private static final class CountFn extends Combine.CombineFn<Sample, TagCounts, TagCounts> {
    private static final long serialVersionUID = 1L;

    @Override
    public TagCounts createAccumulator() {
      return new TagCounts();
    }

    @Override
    public TagCounts addInput(TagCounts counts, Sample sample) {
      counts.add(sample);
      return counts;
    }

    @Override
    public TagCounts mergeAccumulators(Iterable<TagCounts> all) {
      TagCounts merged = new TagCounts();
      all.forEach(merged::addAll);
      return merged;
    }

    @Override
    public TagCounts extractOutput(TagCounts counts) {
      return counts;
    }

    @Override
    public Coder<TagCounts> getAccumulatorCoder(CoderRegistry registry, Coder<Sample> input) {
      return SerializableCoder.of(TagCounts.class);
    }

    @Override
    public Coder<TagCounts> getDefaultOutputCoder(CoderRegistry registry, Coder<Sample> input) {
      return SerializableCoder.of(TagCounts.class);
    }
  }
}
