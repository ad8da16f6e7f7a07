package dev.loraflow.trainer.data;

import java.nio.file.Path;

/**
 * One image of the dataset.
 *
 * @param path the image file
 * @param folder the name of its repeat folder, e.g. {@code 40_mychar}
 * @param caption the first line of its caption file, or the folder's class tokens when there is
 *     none; not yet shuffled or dropped ({@link CaptionProcessor} does that per step)
 * @param width the stored image width in pixels (EXIF orientation is ignored, as kohya does)
 * @param height the stored image height in pixels
 * @param repeats how often it appears per epoch; for a regularisation image, after kohya's padding
 * @param regularization whether it comes from the regularisation folder
 * @param lossWeight 1 for a training image, the prior loss weight for a regularisation image
 */
public record DatasetImage(
    Path path,
    String folder,
    String caption,
    int width,
    int height,
    int repeats,
    boolean regularization,
    float lossWeight) {}
