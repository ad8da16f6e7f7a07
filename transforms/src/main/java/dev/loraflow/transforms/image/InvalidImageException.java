package dev.loraflow.transforms.image;

import dev.loraflow.transforms.model.SampleRejectedException;

/** An image that cannot be used, with a reason a person can act on; becomes a reject. */
final class InvalidImageException extends SampleRejectedException {
  private static final long serialVersionUID = 1L;

  public InvalidImageException(String reason) {
    super(reason);
  }
}
