package dev.loraflow.transforms.tagging;

/** Turns one image's probabilities, one per label, into a rating, scored tags and a caption. */
interface Captioner {

  Wd14Prediction caption(float[] probabilities);
}
