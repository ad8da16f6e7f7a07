package dev.loraflow.transforms.tagging;

import dev.loraflow.transforms.model.Sample;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class GatherBundlesTest {

  @Test
  void givenMoreSamplesThanABundle_handsOnEachSampleOnceWithItsContent() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    List<Sample> samples =
        IntStream.range(0, 23)
            .mapToObj(
                i ->
                    Sample.builder()
                        .setId("folder:" + i + ".png")
                        .setSource("folder")
                        .setUri("/in/" + i + ".png")
                        .setName(Integer.toString(i))
                        .setBytes(new byte[] {(byte) i})
                        .build())
            .toList();

    PAssert.that(
            pipeline
                .apply(Create.of(samples))
                .apply(new GatherBundles(5))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(sample -> sample.id() + "=" + sample.bytes()[0])))
        .containsInAnyOrder(
            IntStream.range(0, 23).mapToObj(i -> "folder:" + i + ".png=" + i).toList());
    pipeline.run().waitUntilFinish();
  }
}
