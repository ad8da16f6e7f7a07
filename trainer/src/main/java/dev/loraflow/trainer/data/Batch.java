package dev.loraflow.trainer.data;

import java.util.List;

/**
 * One batch: images of one bucket, as kohya forms them.
 *
 * @param position where it stands in training
 * @param bucket the size every image of the batch is cropped to
 * @param images at most the batch size; the last batch of a bucket may be smaller, and an image may
 *     appear more than once (its repeats are shuffled together with the others)
 * @param seed for this batch's own random choices (caption shuffling and dropout, flips): {@code
 *     new Random(seed)} gives the same choices when the batch is replayed after a resume
 */
public record Batch(Position position, Size bucket, List<BatchImage> images, long seed) {

  public Batch {
    images = List.copyOf(images);
  }
}
