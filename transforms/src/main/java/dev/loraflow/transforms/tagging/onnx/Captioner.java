package dev.loraflow.transforms.tagging.onnx;

/** Turns one image's probabilities, one per label, into a rating, scored tags and a caption. */
public interface Captioner {

  Wd14Prediction caption(float[] probabilities);
}
