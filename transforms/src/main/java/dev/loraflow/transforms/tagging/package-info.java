/**
 * WD14 auto-tagging as a Beam transform: {@link dev.loraflow.transforms.tagging.Wd14Tagger}, a
 * {@code PTransform<PCollection<Sample>, SamplesAndRejects>} that writes the captions kohya's
 * {@code tag_images_by_wd14_tagger.py --onnx} would.
 *
 * <p>This package holds what makes it a transform: {@code ModelSource} finds the model or fetches
 * it through {@link dev.loraflow.hub.HubClient} (the {@code hub} module), {@code SharedModel} keeps
 * one session per JVM, {@code GatherBundles} and {@code TagImagesFn} batch and overlap, and {@link
 * dev.loraflow.transforms.tagging.MergeMode} combines WD14's tags with a sample's own. The model
 * itself (its files, the ONNX Runtime session, the captioners) is in {@link
 * dev.loraflow.transforms.tagging.onnx}; the pixels it is fed are made by {@link
 * dev.loraflow.transforms.image.WhiteSquare}.
 */
package dev.loraflow.transforms.tagging;
