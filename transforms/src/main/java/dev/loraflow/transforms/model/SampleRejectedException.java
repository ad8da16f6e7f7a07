package dev.loraflow.transforms.model;

/** A sample a stage cannot use; the message, a reason a person can act on, goes to the rejects. */
public class SampleRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public SampleRejectedException(String reason) {
    super(reason);
  }
}
