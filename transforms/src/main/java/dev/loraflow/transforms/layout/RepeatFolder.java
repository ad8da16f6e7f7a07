package dev.loraflow.transforms.layout;

/**
 * The kohya repeat folder {@code img/{repeats}_{name}/}. kohya reads the repeat count as everything
 * before the first {@code _} of the folder name and the rest as the name, so the name may itself
 * hold underscores but not path separators.
 */
public final class RepeatFolder {
  /** The guide's rule of thumb: about 1000 image steps an epoch. */
  public static final int DEFAULT_BUDGET = 1000;

  /** Above this the guide says training overbakes; allowed, with a warning. */
  public static final int GUIDE_MAX_BUDGET = 1150;

  private RepeatFolder() {}

  /** {@code max(1, floor(budget / images))}: 50 images → 20 repeats. */
  public static int repeats(long images, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException(
          "WriteKohyaDataset.withRepeatBudget: the budget must be at least 1, got " + budget);
    }
    return images <= 0 ? 1 : (int) Math.max(1, budget / images);
  }

  /** {@code 20_reimu}. */
  public static String folderName(int repeats, String name) {
    return repeats + "_" + checkName(name);
  }

  /**
   * Checks a dataset name for use as the part of a folder name after the repeat count.
   *
   * @throws IllegalArgumentException naming {@code WriteKohyaDataset.withName} and what is wrong
   */
  public static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "WriteKohyaDataset.withName: a name is required: the LoRA's name, used for"
              + " img/{repeats}_{name}/");
    }
    if (!name.equals(name.strip())) {
      throw new IllegalArgumentException(
          "WriteKohyaDataset.withName: '" + name + "' has leading or trailing spaces");
    }
    if (name.equals(".") || name.equals("..") || name.matches(".*[/\\\\:*?\"<>|\\p{Cntrl}].*")) {
      throw new IllegalArgumentException(
          "WriteKohyaDataset.withName: '"
              + name
              + "' cannot be a folder name: avoid / \\ : * ? \" < > | and control characters");
    }
    return name;
  }
}
