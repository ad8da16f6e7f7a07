package dev.loraflow.trainer.data;

import java.nio.file.Path;

/**
 * One repeat folder that was read, for the checkpoint's {@code ss_dataset_dirs} and {@code
 * ss_reg_dataset_dirs} ({@code {name: {"n_repeats": repeats, "img_count": imageCount}}}).
 *
 * @param name the folder name, e.g. {@code 40_mychar}
 * @param dir the folder
 * @param repeats the repeat count from its name (for a regularisation folder, before padding)
 * @param classTokens the rest of its name, the caption of images without a caption file
 * @param imageCount the images found in it
 * @param regularization whether it is a regularisation folder
 */
public record DatasetFolder(
    String name,
    Path dir,
    int repeats,
    String classTokens,
    int imageCount,
    boolean regularization) {}
