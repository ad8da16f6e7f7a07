package dev.loraflow.transforms.image;

/** An image that cannot be used, with a reason a person can act on; becomes a reject. */
public final class InvalidImageException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidImageException(String reason) {
    super(reason);
  }
}
