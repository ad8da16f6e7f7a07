package dev.loraflow.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.testing.TinySd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraFileTest {

  private static final LoraConfig CONFIG = LoraConfig.defaults().withRank(4, 2).withConv(2, 1);
  private static final Map<String, String> METADATA =
      Map.of("ss_network_module", "networks.lora", "ss_network_dim", "4");

  @TempDir Path dir;
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void defaultWrite_isFloat16WithKohyasShapesAndTheMetadata() throws IOException {
    LoraNetwork network = trainedNetwork(new UNetModel(TinySd.unetConfig()));
    Path file = dir.resolve("tiny.safetensors");

    LoraFile.write(file, network, METADATA);

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.metadata()).isEqualTo(METADATA);
      assertThat(reader.tensors()).hasSize(3 * network.modules().size());
      assertThat(reader.tensors()).allMatch(t -> t.dtype() == Dtype.F16);
      TensorInfo alpha = info(reader, "lora_unet_down_blocks_0_resnets_0_conv1.alpha");
      TensorInfo down = info(reader, "lora_unet_down_blocks_0_resnets_0_conv1.lora_down.weight");
      TensorInfo up = info(reader, "lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight");
      assertThat(alpha.shape()).isEmpty();
      assertThat(reader.read(alpha.name()).toFloatArray()).containsExactly(1f);
      assertThat(down.shape()).containsExactly(2, 32, 3, 3);
      assertThat(up.shape()).containsExactly(32, 4, 1, 1);
    }
  }

  @Test
  void float32WriteThenRead_givesBackEveryWeightExactly_rankAndAlphaInferred() throws IOException {
    UNetModel unet = new UNetModel(TinySd.unetConfig());
    ClipTextModel clip = new ClipTextModel(TinySd.clipConfig());
    LoraNetwork written = trainedNetwork(unet, clip);
    Path file = dir.resolve("f32.safetensors");
    LoraFile.write(file, written, Dtype.F32, METADATA);
    written.detach();

    try (LoraFile read = LoraFile.read(file)) {
      assertThat(read.modules().get("lora_unet_up_blocks_0_upsamplers_0_conv"))
          .isEqualTo(new LoraFile.Spec(2, 1f, true));
      assertThat(read.modules().get("lora_te_text_model_encoder_layers_1_mlp_fc2"))
          .isEqualTo(new LoraFile.Spec(4, 2f, false));
      LoraNetwork applied = read.apply(unet, clip, 1f, manager);

      assertThat(applied.modules().keySet()).isEqualTo(written.modules().keySet());
      assertSameWeights(applied, written);
      assertThat(applied.unetWeights()).isEmpty(); // applied LoRAs are frozen
    }
  }

  @Test
  void load_replacesANetworksWeightsWithStoredOnes_forResuming() throws IOException {
    UNetModel unet = new UNetModel(TinySd.unetConfig());
    LoraNetwork trained = trainedNetwork(unet);
    Path file = dir.resolve("resume.safetensors");
    LoraFile.write(file, trained, Dtype.F32, METADATA);
    trained.detach();
    LoraNetwork fresh = network(unet, 99);

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      fresh.load(reader);
    }

    assertSameWeights(fresh, trained);
    assertThat(fresh.unetWeights().values()).allMatch(Weight::isTrainable);
  }

  @Test
  void load_refusesWeightsOfAnotherNetwork() throws IOException {
    UNetModel unet = new UNetModel(TinySd.unetConfig());
    Path file = dir.resolve("rank8.safetensors");
    LoraFile.write(
        file,
        LoraNetwork.create(
            unet, null, CONFIG.withRank(8, 2).withTrainTextEncoder(false), manager, 1),
        METADATA);

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThatThrownBy(() -> network(unet, 1).load(reader))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(".lora_down.weight has shape [8, ")
          .hasMessageContaining("this network's is [4, ");
    }
  }

  @Test
  void bfloat16Write_roundsInJava() throws IOException {
    LoraNetwork network = trainedNetwork(new UNetModel(TinySd.unetConfig()));
    Path file = dir.resolve("bf16.safetensors");

    LoraFile.write(file, network, Dtype.BF16, METADATA);

    String key = "lora_unet_down_blocks_0_attentions_0_proj_out.lora_up.weight";
    float[] exact = network.unetWeights().get(key).array().toFloatArray();
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.read(key).info().dtype()).isEqualTo(Dtype.BF16);
      float[] stored = reader.read(key).toFloatArray();
      for (int i = 0; i < exact.length; i++) {
        assertThat(stored[i])
            .isCloseTo(exact[i], org.assertj.core.data.Offset.offset(Math.abs(exact[i]) / 128));
      }
    }
  }

  @Test
  void foreignKeys_areRefusedNamingTheFileAndKeys() throws IOException {
    Path file =
        file(
            "odd.safetensors",
            scalar("lora_unet_down_blocks_0_attentions_0_proj_in.alpha"),
            scalar("lora_unet_conv_in.alpha"),
            scalar("something_else"));

    assertThatThrownBy(() -> LoraFile.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("lora_unet_conv_in.alpha")
        .hasMessageContaining("something_else")
        .hasMessageContaining("2 of 3 keys");
  }

  @Test
  void lycorisLoha_isNamedAsSuch() throws IOException {
    Path file =
        file(
            "loha.safetensors",
            scalar("lora_unet_down_blocks_0_attentions_0_proj_in.alpha"),
            scalar("lora_unet_down_blocks_0_attentions_0_proj_in.hada_w1_a"));

    assertThatThrownBy(() -> LoraFile.read(file)).hasMessageContaining("LyCORIS LoHa");
  }

  @Test
  void aModuleWithoutItsUpWeight_isRefused() throws IOException {
    String name = "lora_unet_down_blocks_0_attentions_0_proj_in";
    Path file =
        file(
            "half.safetensors",
            TensorData.ofFloats(name + ".lora_down.weight", new long[] {4, 320}, new float[1280]));

    assertThatThrownBy(() -> LoraFile.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(name)
        .hasMessageContaining("lora_up.weight");
  }

  @Test
  void applyingToAModelOfOtherSizes_isRefusedNamingTheKey() throws IOException {
    Path file = dir.resolve("tiny.safetensors");
    LoraFile.write(file, trainedNetwork(new UNetModel(TinySd.unetConfig())), METADATA);
    UNetModel wider =
        new UNetModel(
            new dev.loraflow.trainer.sd.UNetConfig(
                4,
                4,
                64,
                java.util.List.of(1, 2),
                1,
                java.util.List.of(true, false),
                8,
                32,
                1,
                32));

    try (LoraFile read = LoraFile.read(file)) {
      assertThatThrownBy(() -> read.apply(wider, null, 1f, manager))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining(".lora_down.weight has shape");
    }
  }

  private LoraNetwork network(UNetModel unet, long seed) {
    return LoraNetwork.create(unet, null, CONFIG.withTrainTextEncoder(false), manager, seed);
  }

  private LoraNetwork trainedNetwork(UNetModel unet) {
    return randomised(network(unet, 5));
  }

  private LoraNetwork trainedNetwork(UNetModel unet, ClipTextModel clip) {
    return randomised(LoraNetwork.create(unet, clip, CONFIG, manager, 5));
  }

  /** Non-zero up weights, as after training. */
  private LoraNetwork randomised(LoraNetwork network) {
    network
        .modules()
        .values()
        .forEach(
            lora -> {
              Weight up = lora.weightsByPath().get("lora_up.weight");
              up.set(manager.randomNormal(up.shape()));
            });
    return network;
  }

  private static void assertSameWeights(LoraNetwork actual, LoraNetwork expected) {
    expected
        .modules()
        .forEach(
            (name, lora) ->
                lora.weightsByPath()
                    .forEach(
                        (path, w) ->
                            assertThat(
                                    actual
                                        .modules()
                                        .get(name)
                                        .weightsByPath()
                                        .get(path)
                                        .array()
                                        .toFloatArray())
                                .as(name + "." + path)
                                .containsExactly(w.array().toFloatArray())));
  }

  private static TensorInfo info(SafetensorsReader reader, String key) {
    return reader.tensors().stream().filter(t -> t.name().equals(key)).findFirst().orElseThrow();
  }

  private static TensorData scalar(String key) {
    return TensorData.ofFloats(key, new long[0], new float[] {1});
  }

  private Path file(String name, TensorData... tensors) throws IOException {
    InMemoryTensors store = new InMemoryTensors();
    for (TensorData t : tensors) {
      store.put(t);
    }
    Path file = dir.resolve(name);
    SafetensorsWriter.write(file, store, Map.of());
    assertThat(Files.exists(file)).isTrue();
    return file;
  }
}
