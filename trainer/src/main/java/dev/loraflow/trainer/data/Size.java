package dev.loraflow.trainer.data;

/** A width and height in pixels. */
public record Size(int width, int height) {

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
