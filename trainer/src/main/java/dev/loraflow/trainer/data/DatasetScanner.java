package dev.loraflow.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a kohya-style training folder: every subfolder named {@code {N}_{name}} holds images
 * repeated N times per epoch, whose captions are the first line of {@code <stem><captionExtension>}
 * beside them, or the folder's class tokens (the name after the first {@code _}) when that file is
 * missing or empty. An optional regularisation folder has the same layout; its repeats are grown
 * round-robin, as kohya does, until its images cover the training images times their repeats.
 *
 * <p>Where this differs from sd-scripts: an empty caption file falls back to the class tokens
 * (kohya stops with an error), a UTF-8 byte-order mark is dropped, and the face-crop caption
 * fallback looks at the file name only (kohya splits the whole path on {@code _}). Pixels may
 * differ in files loraflow's dataset writer would have rewritten ({@link ImageFiles}): transparency
 * is composited onto white (Pillow drops alpha, so transparent areas show whatever colour they
 * hold), 16-bit samples are scaled to 8 bits (Pillow clips grey to white), and lossy WebP is
 * decoded by TwelveMonkeys rather than libwebp, whose pixels can differ slightly.
 */
public final class DatasetScanner {

  private static final Pattern REPEATS = Pattern.compile("\\s*([+-]?\\d+)\\s*");

  private final String captionExtension;
  private final Path regularizationDir;
  private final float priorLossWeight;

  private DatasetScanner(String captionExtension, Path regularizationDir, float priorLossWeight) {
    this.captionExtension = captionExtension;
    this.regularizationDir = regularizationDir;
    this.priorLossWeight = priorLossWeight;
  }

  /** Captions from {@code .txt} files, no regularisation folder, prior loss weight 1. */
  public static DatasetScanner create() {
    return new DatasetScanner(".txt", null, 1f);
  }

  /** The caption file suffix, e.g. {@code .txt} or kohya's default {@code .caption}. */
  public DatasetScanner withCaptionExtension(String extension) {
    if (extension == null || extension.length() < 2 || !extension.startsWith(".")) {
      throw new IllegalArgumentException(
          "DatasetScanner.withCaptionExtension: expected a suffix such as \".txt\", got "
              + (extension == null ? "null" : "\"" + extension + "\""));
    }
    return new DatasetScanner(extension, regularizationDir, priorLossWeight);
  }

  /** A regularisation folder with the same {@code {N}_{name}} layout as the training folder. */
  public DatasetScanner withRegularizationDir(Path dir) {
    return new DatasetScanner(captionExtension, dir, priorLossWeight);
  }

  /** The loss weight of regularisation images (kohya's prior loss weight, default 1). */
  public DatasetScanner withPriorLossWeight(float weight) {
    if (!(weight >= 0) || Float.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "DatasetScanner.withPriorLossWeight: expected a finite weight >= 0, got " + weight);
    }
    return new DatasetScanner(captionExtension, regularizationDir, weight);
  }

  /**
   * Reads every repeat folder of {@code trainDir} (and of the regularisation folder), the size of
   * every image and every caption.
   *
   * @throws IOException when {@code trainDir} has no repeat folder with images, a caption file is
   *     not UTF-8, or an image header cannot be read; the message names the folder or file
   */
  public KohyaDataset scan(Path trainDir) throws IOException {
    List<String> warnings = new ArrayList<>();
    List<Folder> train = readFolders(trainDir, false, warnings);
    if (train.isEmpty()) {
      throw new IOException(
          "training folder "
              + trainDir
              + " has no repeat folder with images; expected subfolders named"
              + " {repeats}_{class tokens} holding the images, e.g. img/40_mychar/a.png with"
              + " its caption img/40_mychar/a"
              + captionExtension);
    }
    List<Folder> reg = new ArrayList<>();
    if (regularizationDir != null) {
      reg.addAll(readFolders(regularizationDir, true, warnings));
      if (reg.isEmpty()) {
        warnings.add(
            "regularisation folder " + regularizationDir + " has no repeat folder with images");
      }
    }

    List<DatasetImage> images = new ArrayList<>();
    int trainRepeats = 0;
    for (Folder folder : train) {
      for (Entry entry : folder.entries) {
        images.add(entry.image(folder, folder.info.repeats(), false, 1f));
      }
      trainRepeats += folder.info.repeats() * folder.entries.size();
    }
    images.addAll(padRegularization(reg, trainRepeats, warnings));

    List<DatasetFolder> folders = new ArrayList<>();
    Map<String, Map<String, Integer>> tagFrequency = new LinkedHashMap<>();
    for (Folder folder : concat(train, reg)) {
      folders.add(folder.info);
      Map<String, Integer> counts =
          tagFrequency.computeIfAbsent(folder.info.name(), name -> new LinkedHashMap<>());
      for (Entry entry : folder.entries) {
        countTags(entry.caption, counts);
      }
    }
    return new KohyaDataset(images, folders, tagFrequency, warnings);
  }

  /**
   * kohya's padding: the first pass registers each regularisation image with its folder's repeats,
   * later passes add one repeat per image, round-robin, until the regularisation count reaches the
   * training count; images the first pass never reaches are unused.
   */
  private List<DatasetImage> padRegularization(
      List<Folder> reg, int trainRepeats, List<String> warnings) {
    List<Folder> owners = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (Folder folder : reg) {
      for (Entry entry : folder.entries) {
        owners.add(folder);
        entries.add(entry);
      }
    }
    List<Integer> repeats = new ArrayList<>();
    int covered = 0;
    while (covered < trainRepeats && !entries.isEmpty()) {
      boolean firstPass = repeats.isEmpty();
      for (int i = 0; i < entries.size() && covered < trainRepeats; i++) {
        if (firstPass) {
          repeats.add(owners.get(i).info.repeats());
          covered += owners.get(i).info.repeats();
        } else {
          repeats.set(i, repeats.get(i) + 1);
          covered++;
        }
      }
    }
    if (repeats.size() < entries.size()) {
      warnings.add(
          (entries.size() - repeats.size())
              + " regularisation images are unused: "
              + repeats.size()
              + " already cover the "
              + trainRepeats
              + " training image repeats");
    }
    List<DatasetImage> images = new ArrayList<>();
    for (int i = 0; i < repeats.size(); i++) {
      images.add(entries.get(i).image(owners.get(i), repeats.get(i), true, priorLossWeight));
    }
    return images;
  }

  private List<Folder> readFolders(Path dir, boolean regularization, List<String> warnings)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          (regularization ? "regularisation" : "training")
              + " folder "
              + dir
              + " does not exist or is not a folder");
    }
    List<Path> subdirs;
    try (Stream<Path> children = Files.list(dir)) {
      subdirs = children.filter(Files::isDirectory).sorted().toList();
    }
    List<Folder> folders = new ArrayList<>();
    for (Path subdir : subdirs) {
      String name = subdir.getFileName().toString();
      int underscore = name.indexOf('_');
      Matcher number = REPEATS.matcher(underscore < 0 ? name : name.substring(0, underscore));
      if (!number.matches()) {
        warnings.add(
            "ignored folder " + subdir + ": its name does not start with a repeat count, e.g. 40_");
        continue;
      }
      int repeats = parseRepeats(number.group(1));
      if (repeats < 1) {
        warnings.add("ignored folder " + subdir + ": repeat count " + number.group(1) + " < 1");
        continue;
      }
      String classTokens = underscore < 0 ? "" : name.substring(underscore + 1);
      List<Entry> entries = new ArrayList<>();
      for (Path image : ImageFiles.list(subdir)) {
        Optional<String> caption = CaptionFiles.read(image, captionExtension);
        if (caption.isEmpty() && classTokens.isEmpty()) {
          warnings.add("image " + image + " has neither a caption nor class tokens: empty caption");
        }
        entries.add(new Entry(image, caption.orElse(classTokens), ImageFiles.size(image)));
      }
      if (entries.isEmpty()) {
        warnings.add("ignored folder " + subdir + ": no images (.png .jpg .jpeg .webp .bmp)");
        continue;
      }
      folders.add(
          new Folder(
              new DatasetFolder(name, subdir, repeats, classTokens, entries.size(), regularization),
              entries));
    }
    return folders;
  }

  /** Python's {@code int()} of the leading token; a count beyond int range is capped. */
  private static int parseRepeats(String digits) {
    long value = 0;
    int sign = digits.startsWith("-") ? -1 : 1;
    for (char c : digits.toCharArray()) {
      if (c >= '0' && c <= '9') {
        value = Math.min(Integer.MAX_VALUE, value * 10 + (c - '0'));
      }
    }
    return (int) (sign * value);
  }

  /** kohya's {@code set_tag_frequency}: split on commas, stripped, lower-cased, empty dropped. */
  private static void countTags(String caption, Map<String, Integer> counts) {
    for (String tag : caption.split(",", -1)) {
      String stripped = tag.strip();
      if (!stripped.isEmpty()) {
        counts.merge(stripped.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
  }

  private static List<Folder> concat(List<Folder> first, List<Folder> second) {
    List<Folder> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private record Folder(DatasetFolder info, List<Entry> entries) {}

  private record Entry(Path path, String caption, Size size) {
    DatasetImage image(Folder folder, int repeats, boolean regularization, float lossWeight) {
      return new DatasetImage(
          path,
          folder.info.name(),
          caption,
          size.width(),
          size.height(),
          repeats,
          regularization,
          lossWeight);
    }
  }
}
