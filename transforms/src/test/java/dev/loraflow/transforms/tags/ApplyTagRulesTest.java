package dev.loraflow.transforms.tags;

import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.Tag;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class ApplyTagRulesTest {
  @Test
  void rewritesCaptionsAndKeepsSourceTags() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    Sample sample =
        Sample.builder()
            .setId("a")
            .setSource("t")
            .setUri("/a")
            .setName("a")
            .setBytes(new byte[] {1})
            .setTags(List.of(Tag.general("Red_Hair"), Tag.general("smile")))
            .setCaption(List.of("Red_Hair", "smile"))
            .build();
    var out =
        pipeline
            .apply(Create.of(sample))
            .apply(
                ApplyTagRules.with(
                    TagRules.none()
                        .removing(List.of("red hair"))
                        .insertingFirst(List.of("reimu"))));
    PAssert.that(
            out.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(s -> String.join(", ", s.caption()))))
        .containsInAnyOrder("reimu, smile");
    PAssert.that(
            out.apply(
                "Tags", MapElements.into(TypeDescriptors.integers()).via(s -> s.tags().size())))
        .containsInAnyOrder(2);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void fromView_appliesTheRuleTheDatasetDecided() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    Sample sample =
        Sample.builder()
            .setId("a")
            .setSource("t")
            .setUri("/a")
            .setName("a")
            .setBytes(new byte[] {1})
            .setCaption(List.of("smile", "red hair"))
            .build();
    PCollection<Sample> samples = pipeline.apply(Create.of(sample));
    // The rule here is decided from the data: drop the most common first tag.
    PCollectionView<TagRule> rule =
        samples
            .apply(MapElements.into(TypeDescriptors.strings()).via(s -> s.caption().get(0)))
            .apply(
                "Decide",
                MapElements.into(TypeDescriptor.of(TagRule.class))
                    .via(tag -> TagRules.none().removing(List.of(tag))))
            .setCoder(SerializableCoder.of(TagRule.class))
            .apply(View.asSingleton());
    PAssert.that(
            samples
                .apply(ApplyTagRules.fromView(rule))
                .apply(
                    "Captions",
                    MapElements.into(TypeDescriptors.strings())
                        .via(s -> String.join(", ", s.caption()))))
        .containsInAnyOrder("red hair");
    pipeline.run().waitUntilFinish();
  }
}
