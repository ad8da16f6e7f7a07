package dev.loraflow.trainer.data;

/** One image of a batch with its bucket and resize target. */
public record BatchImage(DatasetImage image, BucketFit fit) {}
