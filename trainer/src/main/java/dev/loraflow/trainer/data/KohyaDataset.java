package dev.loraflow.trainer.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DatasetScanner#scan} found.
 *
 * @param images the images that take part in training, training images first, then the
 *     regularisation images kohya's padding uses, each in folder then file-name order
 * @param folders every folder that was read, training folders first
 * @param tagFrequency {@code {folder name: {tag: count}}} over every caption read, for {@code
 *     ss_tag_frequency}
 * @param warnings folders and files that were skipped, and why; the scanner prints nothing
 */
public record KohyaDataset(
    List<DatasetImage> images,
    List<DatasetFolder> folders,
    Map<String, Map<String, Integer>> tagFrequency,
    List<String> warnings) {

  public KohyaDataset {
    images = List.copyOf(images);
    folders = List.copyOf(folders);
    Map<String, Map<String, Integer>> frozen = new LinkedHashMap<>();
    tagFrequency.forEach(
        (dir, tags) -> frozen.put(dir, Collections.unmodifiableMap(new LinkedHashMap<>(tags))));
    tagFrequency = Collections.unmodifiableMap(frozen);
    warnings = List.copyOf(warnings);
  }

  /** Training images times their repeats: kohya's {@code ss_num_train_images}. */
  public int trainImageRepeats() {
    return folders.stream()
        .filter(folder -> !folder.regularization())
        .mapToInt(folder -> folder.repeats() * folder.imageCount())
        .sum();
  }

  /** Regularisation images found, used or not: kohya's {@code ss_num_reg_images}. */
  public int regImageCount() {
    return folders.stream()
        .filter(DatasetFolder::regularization)
        .mapToInt(DatasetFolder::imageCount)
        .sum();
  }
}
