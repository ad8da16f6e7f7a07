/**
 * The tagger model on ONNX Runtime, without Beam: {@link
 * dev.loraflow.transforms.tagging.onnx.ModelFiles} and {@link
 * dev.loraflow.transforms.tagging.onnx.ModelFormat} (WD14's {@code selected_tags.csv} models or
 * kohya's {@code tag_mapping.json} ones), {@link dev.loraflow.transforms.tagging.onnx.Wd14Model}
 * (the session, checked against its labels, fed through {@code ModelInput}), and the captioners
 * that turn its scores into a rating, scored tags and a caption under {@link
 * dev.loraflow.transforms.tagging.onnx.CaptionRules}. The settings a user picks ({@link
 * dev.loraflow.transforms.tagging.onnx.ExecutionProvider}, {@link
 * dev.loraflow.transforms.tagging.onnx.TagPosition}) are set through {@code Wd14Tagger}.
 */
package dev.loraflow.transforms.tagging.onnx;
