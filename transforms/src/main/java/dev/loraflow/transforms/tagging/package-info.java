/**
 * WD14 auto-tagging on ONNX Runtime: {@link dev.loraflow.transforms.tagging.Wd14Tagger}, a {@code
 * PTransform<PCollection<Sample>, SamplesAndRejects>} that writes the captions kohya's {@code
 * tag_images_by_wd14_tagger.py --onnx} would.
 *
 * <p>Inside, one small class per job: {@code ModelSource} finds the model or fetches it through
 * {@link dev.loraflow.hub.HubClient} (the {@code hub} module), {@code ModelFormat} tells WD14's
 * {@code selected_tags.csv} models from kohya's {@code tag_mapping.json} ones, {@code Wd14Model}
 * opens and checks it, {@code SharedModel} keeps one per JVM, {@code WhiteBackgroundDecoder},
 * {@code AreaResize}, {@code LanczosResize} and {@code Wd14Preprocessor} make kohya's input, {@code
 * TagImagesFn} batches and overlaps, {@code Wd14Captioner} and {@code TagMappingCaptioner} turn
 * scores into tags, and {@link dev.loraflow.transforms.tagging.MergeMode} combines them with a
 * sample's own.
 */
package dev.loraflow.transforms.tagging;
