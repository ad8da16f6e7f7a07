package dev.loraflow.transforms.tagging.onnx;

/**
 * One output of a tagger model.
 *
 * @param name the tag as the label file spells it ({@code long_hair})
 * @param category what the output means
 */
public record Label(String name, LabelCategory category) {}
