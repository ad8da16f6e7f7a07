package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.testing.FakeHub;
import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repo id as the model: fetched from a fake Hugging Face on first use, then tagging. */
class Wd14TaggerDownloadTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @TempDir Path dir;

  @Test
  void givenARepoId_downloadsTheModelIntoTheCache_andTags() throws Exception {
    Path local = TinyWd14.write(dir.resolve("source"));
    server.setDispatcher(
        new FakeHub()
            .serve(
                "owner/tiny", ModelFiles.ONNX, Files.readAllBytes(local.resolve(ModelFiles.ONNX)))
            .serve(
                "owner/tiny",
                ModelFiles.LABELS,
                Files.readAllBytes(local.resolve(ModelFiles.LABELS))));
    Path cache = dir.resolve("cache");
    Sample red = TestImages.sample("red", TestImages.solidPng(Color.RED, 32, 32));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    SamplesAndRejects out =
        p.apply(Create.of(red).withCoder(SampleCoder.of()))
            .apply(
                Wd14Tagger.create()
                    .withModel("owner/tiny")
                    .withCacheDir(cache.toString())
                    .withBaseUrl(server.url("/").toString()));
    PAssert.thatSingleton(out.samples())
        .satisfies(
            sample -> {
              assertThat(sample.caption()).contains("red_background");
              return null;
            });
    p.run().waitUntilFinish();

    assertThat(cache.resolve("owner_tiny").resolve(ModelFiles.ONNX)).exists();
    assertThat(server.getRequestCount()).isEqualTo(4); // two files, each a redirect and a transfer
  }
}
